//! Every kind but barrier through `#[derive(Channel)]`: the payload type is the marker.

use postage::Channel;

#[derive(Debug, PartialEq, Channel)]
#[channel(mpsc, capacity = 64)]
pub enum Command {
    Start,
    Stop,
}

#[derive(Clone, Debug, PartialEq, Channel)]
#[channel(broadcast, capacity = 8, name = Ticks)]
pub struct Tick(u64);

const JOBS: usize = 4;

#[derive(Debug, PartialEq, Channel)]
#[channel(dispatch, capacity = JOBS)]
struct Job(u32);

#[derive(Clone, Debug, Default, PartialEq, Channel)]
#[channel(watch)]
struct Level(u8);

#[derive(Clone, Debug, PartialEq, Channel)]
#[channel(watch, init = Mode::Fast, name = ModeWatch)]
enum Mode {
    Fast,
    Slow,
}

#[derive(Debug, PartialEq, Channel)]
#[channel(oneshot)]
struct Answer(u64);

fn main() {
    futures::executor::block_on(async {
        let (commands, mut inbox) = Command::channel();
        commands.send(Command::Start).await.unwrap();
        commands.send(Command::Stop).await.unwrap();
        assert_eq!(inbox.recv().await, Some(Command::Start));
        assert_eq!(inbox.recv().await, Some(Command::Stop));
        assert_eq!(Command::CAPACITY, 64);
        let _: CommandSender = commands;

        let (ticks, mut listener) = Tick::channel();
        let _: &TicksSender = &ticks;
        let _: &TicksReceiver = &listener;
        ticks.send(Tick(1)).await.unwrap();
        assert_eq!(listener.recv().await, Some(Tick(1)));
        assert_eq!(<Tick as Channel>::KIND, postage::ChannelKind::Broadcast);

        let (jobs, mut worker) = Job::channel();
        jobs.send(Job(9)).await.unwrap();
        assert_eq!(worker.recv().await, Some(Job(9)));
        assert_eq!(Job::CAPACITY, 4);

        let (level, mut reader) = Level::channel();
        assert_eq!(reader.recv().await, Some(Level(0)));
        level.send(Level(2)).unwrap();
        assert_eq!(reader.recv().await, Some(Level(2)));

        let (mode, mut watcher) = Mode::channel();
        let _: &ModeWatchSender = &mode;
        assert_eq!(watcher.recv().await, Some(Mode::Fast));
        mode.send(Mode::Slow).unwrap();
        assert_eq!(watcher.recv().await, Some(Mode::Slow));

        let (answer, waiting) = Answer::channel();
        answer.send(Answer(7)).unwrap();
        assert_eq!(waiting.await, Some(Answer(7)));
    });
}
