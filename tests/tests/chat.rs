//! The chat example served in-process on an ephemeral port, with real TCP clients: every
//! client reads every line in the room's order, topic changes reach everyone, and the
//! shutdown barrier ends every task.

#[allow(
    dead_code,
    reason = "main and the demo clients are the example's entry point"
)]
#[path = "../../postage/examples/chat.rs"]
mod chat;

use std::net::SocketAddr;
use std::time::Duration;

use chat::{Summary, GOODBYE};
use postage::barrier;
use postage_tests::with_watchdog;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};

const LIMIT: Duration = Duration::from_secs(30);
const MESSAGES: usize = 20;

struct Client {
    lines: Lines<BufReader<OwnedReadHalf>>,
    writer: OwnedWriteHalf,
}

impl Client {
    async fn connect(address: SocketAddr) -> Client {
        let (reader, writer) = TcpStream::connect(address)
            .await
            .expect("connect")
            .into_split();
        Client {
            lines: BufReader::new(reader).lines(),
            writer,
        }
    }

    /// Connects, names itself and reads until its own join is announced.
    async fn join(address: SocketAddr, name: &str) -> Client {
        let mut client = Client::connect(address).await;
        client.say(name).await;
        assert_eq!(client.next().await, "* topic: general chat");
        assert_eq!(client.next().await, format!("* {name} joined"));
        client
    }

    async fn say(&mut self, text: &str) {
        self.writer
            .write_all(format!("{text}\n").as_bytes())
            .await
            .expect("write");
    }

    async fn next(&mut self) -> String {
        self.lines
            .next_line()
            .await
            .expect("read")
            .expect("the server hung up early")
    }

    async fn rest(&mut self) -> Vec<String> {
        let mut rest = Vec::new();
        while let Some(line) = self.lines.next_line().await.expect("read") {
            rest.push(line);
        }
        rest
    }
}

fn on_tokio(name: &str, scenario: impl std::future::Future<Output = ()> + Send + 'static) {
    with_watchdog(name, LIMIT, move || {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime")
            .block_on(scenario)
    });
}

#[test]
fn every_client_reads_every_line_in_the_same_order_and_shutdown_ends_every_task() {
    on_tokio("chat", async {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("address");
        let (stop, stopped) = barrier::channel();
        let server = tokio::spawn(chat::run(listener, stopped));

        let names = ["alice", "bob", "carol"];
        let mut clients: Vec<Client> = Vec::new();
        for (joined, name) in names.iter().enumerate() {
            let client = Client::join(address, name).await;
            // The next line everyone already in the room reads is the newcomer's join.
            for earlier in &mut clients[..joined] {
                assert_eq!(earlier.next().await, format!("* {name} joined"));
            }
            clients.push(client);
        }

        // Every client says its lines at once: the room interleaves them as they arrive.
        for (client, name) in clients.iter_mut().zip(names) {
            for n in 0..MESSAGES {
                client.say(&format!("{name} {n}")).await;
            }
        }
        let mut heard = Vec::new();
        for client in &mut clients {
            let mut lines = Vec::new();
            for _ in 0..names.len() * MESSAGES {
                lines.push(client.next().await);
            }
            heard.push(lines);
        }
        assert_eq!(heard[0], heard[1], "alice and bob heard different orders");
        assert_eq!(heard[0], heard[2], "alice and carol heard different orders");
        for name in names {
            let from_name: Vec<String> = heard[0]
                .iter()
                .filter_map(|line| line.strip_prefix(&format!("{name}: ")).map(str::to_owned))
                .collect();
            let said: Vec<String> = (0..MESSAGES).map(|n| format!("{name} {n}")).collect();
            assert_eq!(
                from_name, said,
                "{name}'s lines: lost, duplicated or reordered"
            );
        }

        clients[0].say("/topic testing").await;
        for client in &mut clients {
            assert_eq!(client.next().await, "* topic: testing");
        }

        let mut carol = clients.pop().expect("carol");
        carol.writer.shutdown().await.expect("carol hangs up");
        assert_eq!(carol.rest().await, Vec::<String>::new());
        for client in &mut clients {
            assert_eq!(client.next().await, "* carol left");
        }

        stop.send();
        for client in &mut clients {
            assert_eq!(client.rest().await, [GOODBYE]);
        }
        let summary = server.await.expect("server task").expect("server");
        let joins_and_leave = names.len() + 1;
        assert_eq!(
            summary,
            Summary {
                connections: names.len(),
                lines: names.len() * MESSAGES + joins_and_leave,
            }
        );
        // `run` returned, so the listener is closed too.
        assert!(TcpStream::connect(address).await.is_err());
    });
}

#[test]
fn a_client_that_never_names_itself_is_told_goodbye_at_shutdown() {
    on_tokio("chat_unnamed", async {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("address");
        let (stop, stopped) = barrier::channel();
        let server = tokio::spawn(chat::run(listener, stopped));

        let mut silent = Client::connect(address).await;
        let mut alice = Client::join(address, "alice").await;
        // Dropping the sender fires the barrier just as `send` does.
        drop(stop);
        assert_eq!(alice.rest().await, [GOODBYE]);
        assert_eq!(silent.rest().await, [GOODBYE]);
        let summary = server.await.expect("server task").expect("server");
        assert_eq!(
            summary,
            Summary {
                connections: 2,
                lines: 1,
            }
        );
    });
}
