//! A line-based TCP chat server on tokio, its channels declared with the generator.
//!
//! ```sh
//! cargo run --example chat            # serve on an ephemeral port until Ctrl-C
//! cargo run --example chat -- 7000    # serve on 127.0.0.1:7000
//! cargo run --example chat -- --demo  # serve, run three scripted clients, shut down, exit
//! ```
//!
//! Connect with `nc 127.0.0.1 PORT`. The first line a client sends is its name; every later
//! line is said to the room, except `/topic TEXT`, which changes the room's topic.
//!
//! The program's channels are declared in two places:
//! - the bundle `Chat`, created at once by `Chat::channel()` and split among the tasks:
//!   - `lines` (broadcast): the room sends each chat line to every connection. It is
//!     lossless, so every client reads every line in order — and a client that stops
//!     reading for `ChatLines::CAPACITY` lines holds up the room until it reads or
//!     disconnects;
//!   - `topic` (watch): the room's topic. A connection gets the current topic at once, then
//!     each change (a client that is slow to read may skip a topic that was replaced);
//!   - `shutdown` (barrier): fired once, when the server's stop signal (the future given to
//!     `run`) resolves, and seen by every connection;
//! - the enum `Command`, which is its own mpsc channel (`#[derive(Channel)]`): what every
//!   connection asks of the room task. `Join` carries a `#[reply]` field, so the generated
//!   `CommandSender` has the method `join(name)`, which sends the request and waits for the
//!   room's answer — the connection's subscription. The room subscribes the new connection
//!   to the lines and the topic before it announces the join, so a client's first chat line
//!   is always its own join. The other variants get methods too (`say`, `set_topic`,
//!   `leave`), which return once the command is in the room's queue.
//!
//! `Command` is not a field of the bundle: request methods are generated on a derived
//! enum's own sender, and a bundle field is a plain declaration (`commands: mpsc<Command,
//! 32>` would give a `ChatCommandsSender` without them).

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::pin;
use std::sync::Arc;

use postage::{barrier, oneshot};
use tokio::io::{AsyncBufReadExt, AsyncWrite, AsyncWriteExt, BufReader, Lines as LineReader};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

/// One line of chat, shared by every connection that forwards it.
pub type Line = Arc<str>;

postage::channel! {
    /// Every channel of the server but the commands.
    pub bundle Chat {
        /// Every chat line, to every connection.
        lines: broadcast<Line, 64>,
        /// The room's topic.
        topic: watch<String> = String::from("general chat"),
        /// Fired once to stop the server.
        shutdown: barrier,
    }
}

/// What a connection asks of the room; the generated [`CommandSender`] has one method
/// per variant.
#[derive(Debug, postage::Channel)]
#[channel(mpsc, capacity = 32)]
pub enum Command {
    /// A client named itself; the room answers with its subscription.
    Join {
        name: String,
        #[reply]
        reply: oneshot::Sender<Subscription>,
    },
    /// A client said something.
    Say { name: String, text: String },
    /// A client changed the topic.
    SetTopic { topic: String },
    /// A client disconnected.
    Leave { name: String },
}

/// A new connection's part of the room.
#[derive(Debug)]
pub struct Subscription {
    lines: ChatLinesReceiver,
    topic: ChatTopicReceiver,
}

/// What a server did, returned by [`run`] once every task has ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// How many connections were accepted.
    pub connections: usize,
    /// How many chat lines the room sent.
    pub lines: usize,
}

/// The text a connection sends when the server shuts down, before it closes.
pub const GOODBYE: &str = "* server is shutting down";

/// Serves the chat room on `listener` until `signal` resolves, then stops accepting, tells
/// every client goodbye, closes every connection and returns once every task has ended.
pub async fn run(listener: TcpListener, signal: impl Future<Output = ()>) -> io::Result<Summary> {
    let (tx, rx) = Chat::channel();
    let ChatSenders {
        lines,
        topic,
        shutdown: stop,
    } = tx;
    // The room subscribes each connection as it joins: the bundle's first lines and topic
    // receivers are not needed (dropped here, before anything is sent).
    let ChatReceivers { shutdown, .. } = rx;
    let (commands, inbox) = Command::channel();
    let room = tokio::spawn(room(inbox, lines, topic));
    let mut connections = JoinSet::new();
    let mut accepted = 0;
    let mut signal = pin!(signal);
    loop {
        tokio::select! {
            () = &mut signal => break,
            connection = listener.accept() => {
                let (stream, _) = connection?;
                accepted += 1;
                connections.spawn(serve(stream, commands.clone(), shutdown.clone()));
            }
            Some(finished) = connections.join_next() => report(finished),
        }
    }
    stop.send();
    // The room ends when its last command sender is gone: this one, then each connection's.
    drop(commands);
    while let Some(finished) = connections.join_next().await {
        report(finished);
    }
    let lines = room.await.expect("the room task panicked");
    Ok(Summary {
        connections: accepted,
        lines,
    })
}

/// A client's I/O error ends only its own connection.
fn report(finished: Result<io::Result<()>, tokio::task::JoinError>) {
    if let Err(error) = finished.expect("a connection task panicked") {
        eprintln!("connection ended with an error: {error}");
    }
}

/// The room: applies each command in arrival order and returns how many lines it sent.
async fn room(mut inbox: CommandReceiver, lines: ChatLinesSender, topic: ChatTopicSender) -> usize {
    let mut sent = 0;
    while let Some(command) = inbox.recv().await {
        let line = match command {
            Command::Join { name, reply } => {
                let subscription = Subscription {
                    lines: lines.subscribe(),
                    topic: topic.subscribe(),
                };
                if reply.send(subscription).is_err() {
                    continue; // the client left while waiting
                }
                format!("* {name} joined")
            }
            Command::Say { name, text } => format!("{name}: {text}"),
            Command::SetTopic { topic: new_topic } => {
                // `send_replace` stores the topic even while no client is connected.
                topic.send_replace(new_topic);
                continue;
            }
            Command::Leave { name } => format!("* {name} left"),
        };
        // Fails only when nobody is connected, and then nobody misses the line.
        if lines.send(line.into()).await.is_ok() {
            sent += 1;
        }
    }
    sent
}

/// One client: its name, then its lines to the room and the room's lines to it, until it
/// disconnects or the server shuts down.
async fn serve(
    stream: TcpStream,
    commands: CommandSender,
    mut shutdown: ChatShutdownReceiver,
) -> io::Result<()> {
    let (reader, mut writer) = stream.into_split();
    let mut reader = BufReader::new(reader).lines();
    let stopped = tokio::select! {
        () = &mut shutdown => true,
        result = session(&mut reader, &mut writer, &commands) => {
            result?;
            false
        }
    };
    if stopped {
        writer.write_all(format!("{GOODBYE}\n").as_bytes()).await?;
    }
    writer.shutdown().await
}

async fn session(
    reader: &mut LineReader<BufReader<OwnedReadHalf>>,
    writer: &mut (impl AsyncWrite + Unpin),
    commands: &CommandSender,
) -> io::Result<()> {
    let Some(name) = reader.next_line().await? else {
        return Ok(());
    };
    // The room answers once it has subscribed this connection; an error means the room is
    // gone: the server is stopping.
    let Ok(subscription) = commands.join(name.clone()).await else {
        return Ok(());
    };
    // Both directions at once, so a client waiting on a full command queue still reads.
    tokio::select! {
        result = from_client(reader, commands, &name) => result,
        result = to_client(writer, subscription) => result,
    }
}

/// The client's lines, as commands to the room; on disconnect, tells the room.
async fn from_client(
    reader: &mut LineReader<BufReader<OwnedReadHalf>>,
    commands: &CommandSender,
    name: &str,
) -> io::Result<()> {
    while let Some(text) = reader.next_line().await? {
        let sent = match text.strip_prefix("/topic ") {
            Some(topic) => commands.set_topic(topic.to_string()).await,
            None => commands.say(name.to_string(), text).await,
        };
        if sent.is_err() {
            return Ok(());
        }
    }
    let _ = commands.leave(name.to_string()).await; // a closed room has nobody left to tell
    Ok(())
}

/// The room's lines and topic changes, to the client, until the room closes.
async fn to_client(
    writer: &mut (impl AsyncWrite + Unpin),
    Subscription {
        mut lines,
        mut topic,
    }: Subscription,
) -> io::Result<()> {
    loop {
        let text = tokio::select! {
            // A watch receiver gets the current topic at once, so a client sees the topic
            // first, then the lines. A closed topic just disables this branch.
            biased;
            Some(topic) = topic.recv() => format!("* topic: {topic}"),
            line = lines.recv() => match line {
                Some(line) => line.to_string(),
                None => return Ok(()),
            },
        };
        writer.write_all(format!("{text}\n").as_bytes()).await?;
    }
}

/// A scripted client for the demo: what it hears is kept as its transcript.
struct Client {
    name: &'static str,
    reader: LineReader<BufReader<OwnedReadHalf>>,
    writer: OwnedWriteHalf,
    transcript: Vec<String>,
}

impl Client {
    /// Connects, names itself and waits until the room has announced it.
    async fn join(address: SocketAddr, name: &'static str) -> io::Result<Client> {
        let (reader, writer) = TcpStream::connect(address).await?.into_split();
        let mut client = Client {
            name,
            reader: BufReader::new(reader).lines(),
            writer,
            transcript: Vec::new(),
        };
        client.say(name).await?;
        client.hear(&[&format!("* {name} joined")]).await?;
        Ok(client)
    }

    async fn say(&mut self, text: &str) -> io::Result<()> {
        self.writer.write_all(format!("{text}\n").as_bytes()).await
    }

    /// Reads until every line of `expected` has been heard (in any order).
    async fn hear(&mut self, expected: &[&str]) -> io::Result<()> {
        let mut missing: Vec<&str> = expected.to_vec();
        while !missing.is_empty() {
            let line = self.reader.next_line().await?.ok_or_else(|| {
                io::Error::other(format!("{}: the server hung up early", self.name))
            })?;
            missing.retain(|text| *text != line);
            self.transcript.push(line);
        }
        Ok(())
    }

    /// Reads until the server closes the connection.
    async fn hear_the_rest(&mut self) -> io::Result<()> {
        while let Some(line) = self.reader.next_line().await? {
            self.transcript.push(line);
        }
        Ok(())
    }
}

/// Three clients join, greet each other and change the topic; then the server shuts down
/// and each client's transcript is printed.
async fn demo(address: SocketAddr, stop: barrier::Sender) -> io::Result<()> {
    let mut clients = Vec::new();
    for name in ["alice", "bob", "carol"] {
        clients.push(Client::join(address, name).await?);
    }
    let greetings: Vec<String> = clients
        .iter()
        .map(|client| format!("{0}: hello from {0}", client.name))
        .collect();
    let greetings: Vec<&str> = greetings.iter().map(String::as_str).collect();
    for client in &mut clients {
        client.say(&format!("hello from {}", client.name)).await?;
    }
    for client in &mut clients {
        client.hear(&greetings).await?;
    }
    clients[0].say("/topic postage").await?;
    for client in &mut clients {
        client.hear(&["* topic: postage"]).await?;
    }
    stop.send();
    for client in &mut clients {
        client.hear_the_rest().await?;
        println!("{} heard:", client.name);
        for line in &client.transcript {
            println!("    {line}");
        }
    }
    Ok(())
}

#[tokio::main]
async fn main() -> io::Result<()> {
    let mut port = 0;
    let mut demo_mode = false;
    for argument in std::env::args().skip(1) {
        match argument.as_str() {
            "--demo" => demo_mode = true,
            _ => {
                port = argument
                    .parse()
                    .map_err(|_| io::Error::other(format!("not a port: {argument}")))?
            }
        }
    }
    let listener = TcpListener::bind(("127.0.0.1", port)).await?;
    let address = listener.local_addr()?;
    println!("chat server listening on {address}");
    let (stop, stopped) = barrier::channel();
    let server = tokio::spawn(run(listener, stopped));
    if demo_mode {
        demo(address, stop).await?;
    } else {
        println!(
            "connect with `nc 127.0.0.1 {}`; Ctrl-C stops",
            address.port()
        );
        tokio::signal::ctrl_c().await?;
        stop.send();
    }
    let summary = server.await.expect("the server task panicked")?;
    println!(
        "server stopped: {} connections, {} chat lines",
        summary.connections, summary.lines
    );
    Ok(())
}
