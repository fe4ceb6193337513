//! The SSH side of a class (russh): who may connect and what a connection may do.
//!
//! The password is the class code, compared in constant time; five wrong codes from one
//! address within a minute lock that address out for a minute; a connection that has not
//! authenticated within 20 s is dropped. An authenticated connection may open one session
//! channel with a PTY and a shell, which is the player; exec requests, subsystems (sftp),
//! port forwarding, agent and X11 forwarding are refused. A shell beyond `--max-trainees`
//! is told the class is full. Every byte a trainee sends goes through the input decoder
//! (rate cap, parser, sanitising) before the session thread sees it.

use crate::class::input::Decoder;
use crate::class::room::{ClassEvent, Room};
use crate::class::session::{self, Client, Incoming, Remote};
use crate::class::text;
use crate::domain::sanitize::clean;
use russh::keys::PrivateKey;
use russh::server::{Auth, Handler, Msg, Session};
use russh::{Channel, ChannelId, MethodKind, MethodSet, Pty};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use subtle::ConstantTimeEq;
use tokio::net::TcpListener;

/// A connection that has not given the code by then is dropped.
pub const AUTH_TIMEOUT: Duration = Duration::from_secs(20);
/// Connections not yet seated allowed beside the trainees, so a flood of half-open
/// connections cannot use up the process's files.
pub const SPARE_CONNECTIONS: usize = 32;

/// The russh settings for a class.
pub fn config(key: PrivateKey) -> russh::server::Config {
    russh::server::Config {
        keys: vec![key],
        methods: MethodSet::from(&[MethodKind::Password][..]),
        // Every refusal takes as long, whatever was wrong.
        auth_rejection_time: Duration::from_secs(1),
        auth_rejection_time_initial: Some(Duration::ZERO),
        max_auth_attempts: 3,
        // A trainee may read a briefing for a long time; a dead link is found by
        // keepalives instead.
        inactivity_timeout: None,
        keepalive_interval: Some(Duration::from_secs(15)),
        keepalive_max: 4,
        nodelay: true,
        ..Default::default()
    }
}

/// Accepts connections on `listener` until the class ends.
pub async fn serve(room: Arc<Room>, config: Arc<russh::server::Config>, listener: TcpListener) {
    let open = Arc::new(tokio::sync::Semaphore::new(
        room.settings.max_trainees + SPARE_CONNECTIONS,
    ));
    loop {
        let (socket, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(_) => {
                    // Out of files for a moment: wait rather than spin.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = ended(&room) => return,
        };
        if room.locked_out(peer.ip(), Instant::now()) {
            continue;
        }
        let Ok(permit) = open.clone().try_acquire_owned() else {
            continue;
        };
        let _ = socket.set_nodelay(true);
        let room = room.clone();
        let config = config.clone();
        tokio::spawn(async move {
            let authed = Arc::new(AtomicBool::new(false));
            let handler = Connection::new(room.clone(), peer, authed.clone());
            let started = tokio::time::Instant::now();
            let running = tokio::time::timeout(
                AUTH_TIMEOUT,
                russh::server::run_stream(config, socket, handler),
            )
            .await;
            let Ok(Ok(running)) = running else {
                drop(permit);
                return;
            };
            let handle = running.handle();
            let watchdog = async {
                tokio::time::sleep_until(started + AUTH_TIMEOUT).await;
                if !authed.load(Ordering::SeqCst) {
                    let _ = handle
                        .disconnect(
                            russh::Disconnect::ByApplication,
                            text::AUTH_TIMED_OUT.into(),
                            String::new(),
                        )
                        .await;
                }
                std::future::pending::<()>().await;
            };
            tokio::select! {
                _ = running => {},
                _ = watchdog => {},
            }
            drop(permit);
        });
    }
}

/// Resolves once the class has ended.
async fn ended(room: &Room) {
    while !room.has_ended() {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// One SSH connection.
pub struct Connection {
    room: Arc<Room>,
    peer: SocketAddr,
    authed: Arc<AtomicBool>,
    user: String,
    channel: Option<ChannelId>,
    size: (u16, u16),
    mono: bool,
    shell: bool,
    link: Option<std::sync::mpsc::Sender<Incoming>>,
    decoder: Decoder,
    decoded: Vec<ratatui::crossterm::event::Event>,
}

impl Connection {
    pub fn new(room: Arc<Room>, peer: SocketAddr, authed: Arc<AtomicBool>) -> Connection {
        Connection {
            room,
            peer,
            authed,
            user: String::new(),
            channel: None,
            size: (80, 24),
            mono: false,
            shell: false,
            link: None,
            decoder: Decoder::default(),
            decoded: Vec::new(),
        }
    }

    fn ip(&self) -> IpAddr {
        self.peer.ip()
    }

    fn refused(&self, reason: &str) {
        self.room.event(ClassEvent::Refused {
            from: self.ip().to_string(),
            reason: reason.to_owned(),
        });
    }

    /// Refuses a request on `channel`, saying why on the client's stderr.
    fn refuse_request(
        &self,
        channel: ChannelId,
        what: &str,
        session: &mut Session,
    ) -> Result<(), russh::Error> {
        self.refused(what);
        session.channel_failure(channel)?;
        let message = format!("{}\r\n", text::refused_request(what));
        session.extended_data(channel, 1, message.into_bytes())?;
        Ok(())
    }

    fn send(&self, incoming: Incoming) {
        if let Some(link) = &self.link {
            let _ = link.send(incoming);
        }
    }

    /// Starts the player on `channel`: a seat in the room, a thread for the session,
    /// and a task that carries its frames to the channel.
    fn start_shell(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), russh::Error> {
        let handle = session.handle();
        let Some((seat, stop)) = self.room.sit(&self.ip().to_string()) else {
            self.refused("class full");
            let message = text::class_full(self.room.settings.max_trainees);
            session.data(channel, format!("{message}\r\n").into_bytes())?;
            session.exit_status_request(channel, 1)?;
            session.eof(channel)?;
            session.close(channel)?;
            return Ok(());
        };
        let (tx, rx) = std::sync::mpsc::channel();
        self.link = Some(tx);
        let (frames, mut outgoing) = tokio::sync::mpsc::channel::<Vec<u8>>(8);
        let client = Client {
            user: clean(&self.user).into_owned(),
            from: self.ip().to_string(),
            size: self.size,
            mono: self.mono,
        };
        let room = self.room.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("trainee-{seat}"))
            .spawn(move || {
                let ending = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    session::play(&room, seat, stop, client, Remote::new(rx, frames))
                }));
                let reason = match ending {
                    Ok(session::Ending::Quit) => "quit",
                    Ok(session::Ending::Stopped) if room.has_ended() => "class ended",
                    Ok(session::Ending::Stopped) => "reconnected",
                    Ok(session::Ending::Gone) => "disconnected",
                    Err(_) => "error",
                };
                let trainee = room.state().seats.get(&seat).and_then(|s| s.name.clone());
                room.event(ClassEvent::Left {
                    seat,
                    trainee,
                    reason: reason.to_owned(),
                });
                room.leave(seat);
            });
        if spawned.is_err() {
            self.link = None;
            session.close(channel)?;
            return Ok(());
        }
        tokio::spawn(async move {
            while let Some(frame) = outgoing.recv().await {
                if handle.data(channel, frame).await.is_err() {
                    return;
                }
            }
            let _ = handle.exit_status_request(channel, 0).await;
            let _ = handle.eof(channel).await;
            let _ = handle.close(channel).await;
        });
        Ok(())
    }
}

impl Handler for Connection {
    type Error = russh::Error;

    async fn auth_password(&mut self, user: &str, password: &str) -> Result<Auth, Self::Error> {
        let now = Instant::now();
        if self.room.locked_out(self.ip(), now) {
            self.refused("locked out");
            return Ok(Auth::reject());
        }
        let code = self.room.settings.code.as_bytes();
        if bool::from(password.as_bytes().ct_eq(code)) {
            self.authed.store(true, Ordering::SeqCst);
            // Kept short: it is only offered as the name, cleaned, and never used as a path.
            self.user = user.chars().take(64).collect();
            return Ok(Auth::Accept);
        }
        let locked = self.room.failed(self.ip(), now);
        self.refused(if locked {
            "wrong code; locked out for a minute"
        } else {
            "wrong code"
        });
        Ok(Auth::Reject {
            proceed_with_methods: Some(MethodSet::from(&[MethodKind::Password][..])),
            partial_success: false,
        })
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: russh::server::ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        // One session channel a connection: the player.
        if self.channel.is_some() || !self.authed.load(Ordering::SeqCst) {
            return Ok(());
        }
        self.channel = Some(channel.id());
        let _ = reply.accept().await;
        Ok(())
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        term: &str,
        col_width: u32,
        row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.size = session::clamp_size(col_width, row_height);
        if term.eq_ignore_ascii_case("dumb") {
            self.mono = true;
        }
        session.channel_success(channel)?;
        Ok(())
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        variable_name: &str,
        variable_value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        // NO_COLOR is the only variable read; nothing is ever set from the client.
        if variable_name == "NO_COLOR" {
            if !variable_value.is_empty() {
                self.mono = true;
            }
            session.channel_success(channel)?;
        } else {
            session.channel_failure(channel)?;
        }
        Ok(())
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.shell || self.channel != Some(channel) {
            session.channel_failure(channel)?;
            return Ok(());
        }
        self.shell = true;
        session.channel_success(channel)?;
        self.start_shell(channel, session)
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        _data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse_request(channel, "exec", session)
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        _name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse_request(channel, "subsystem", session)
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _single_connection: bool,
        _x11_auth_protocol: &str,
        _x11_auth_cookie: &str,
        _x11_screen_number: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refused("x11 forwarding");
        session.channel_failure(channel)?;
        Ok(())
    }

    async fn agent_request(
        &mut self,
        _channel: ChannelId,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        self.refused("agent forwarding");
        Ok(false)
    }

    async fn tcpip_forward(
        &mut self,
        _address: &str,
        _port: &mut u32,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        self.refused("port forwarding");
        Ok(false)
    }

    async fn channel_open_direct_tcpip(
        &mut self,
        _channel: Channel<Msg>,
        _host_to_connect: &str,
        _port_to_connect: u32,
        _originator_address: &str,
        _originator_port: u32,
        _reply: russh::server::ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        // Dropping the reply refuses the channel.
        self.refused("port forwarding");
        Ok(())
    }

    async fn data(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.channel != Some(channel) {
            return Ok(());
        }
        self.decoder.feed(data, Instant::now(), &mut self.decoded);
        for event in std::mem::take(&mut self.decoded) {
            self.send(Incoming::Event(event));
        }
        Ok(())
    }

    async fn window_change_request(
        &mut self,
        _channel: ChannelId,
        col_width: u32,
        row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.size = session::clamp_size(col_width, row_height);
        let (w, h) = self.size;
        self.send(Incoming::Event(ratatui::crossterm::event::Event::Resize(
            w, h,
        )));
        Ok(())
    }

    async fn channel_eof(
        &mut self,
        _channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.send(Incoming::Closed);
        Ok(())
    }

    async fn channel_close(
        &mut self,
        _channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.send(Incoming::Closed);
        Ok(())
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.send(Incoming::Closed);
    }
}
