//! The owned futures on real TCP sockets over 127.0.0.1.

use std::io::ErrorKind;
use std::time::Duration;

use owned_io::{AsyncReadExactExt, AsyncWriteAllExt, ReadExactOwned};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A connected client and server socket.
async fn pair() -> (TcpStream, TcpStream) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let client = TcpStream::connect(listener.local_addr().unwrap());
    let (client, accepted) = tokio::join!(client, listener.accept());
    (client.unwrap(), accepted.unwrap().0)
}

/// xorshift64*: frame sizes and contents that both ends can regenerate from a seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn fill(&mut self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(8) {
            let word = self.next().to_le_bytes();
            chunk.copy_from_slice(&word[..chunk.len()]);
        }
    }
}

/// FNV-1a over every byte of every frame, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Checksum(u64);

impl Checksum {
    fn new() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }

    fn update(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

const TOTAL: usize = 64 << 20;
const MAX_FRAME: u64 = 256 << 10;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_mib_of_random_frames_arrive_intact() {
    let (client, server) = pair().await;

    let sender = tokio::spawn(async move {
        let mut rng = Rng(0x5eed);
        let mut sock = client;
        let mut sum = Checksum::new();
        let (mut sent, mut frames) = (0, 0u32);
        // One buffer, reused: the owned write hands it back each time.
        let mut body = Vec::with_capacity(MAX_FRAME as usize);
        while sent < TOTAL {
            let len = ((rng.next() % MAX_FRAME) as usize).min(TOTAL - sent);
            body.resize(len, 0);
            rng.fill(&mut body);
            sum.update(&body);
            let (s, _) = sock
                .write_all_owned((len as u32).to_be_bytes())
                .await
                .unwrap();
            let (s, b) = s.write_all_owned(body).await.unwrap();
            (sock, body) = (s, b);
            sent += len;
            frames += 1;
        }
        sock.shutdown().await.unwrap();
        (sum, frames)
    });

    let mut sock = server;
    let mut sum = Checksum::new();
    let (mut received, mut frames) = (0, 0u32);
    let mut body = Vec::new();
    loop {
        let (s, header) = match sock.read_exact_owned([0u8; 4]).await {
            Ok(parts) => parts,
            Err(err) => {
                assert_eq!(err.kind(), ErrorKind::UnexpectedEof);
                assert_eq!(err.filled(), 0, "the stream ends at a frame boundary");
                break;
            }
        };
        body.resize(u32::from_be_bytes(header) as usize, 0);
        let (s, b) = s.read_exact_owned(body).await.unwrap();
        sum.update(&b);
        received += b.len();
        frames += 1;
        (sock, body) = (s, b);
    }

    let (sent_sum, sent_frames) = sender.await.unwrap();
    assert_eq!(received, TOTAL);
    assert_eq!(frames, sent_frames);
    assert!(frames > 100, "{frames} frames");
    assert_eq!(sum, sent_sum);
}

#[tokio::test]
async fn a_peer_that_closes_mid_frame_is_unexpected_eof_with_the_bytes_kept() {
    let (mut client, server) = pair().await;
    let partial: Vec<u8> = (0..37u8).collect();
    client.write_all(&100u32.to_be_bytes()).await.unwrap();
    client.write_all(&partial).await.unwrap();
    drop(client);

    let (sock, header) = server.read_exact_owned([0u8; 4]).await.unwrap();
    let len = u32::from_be_bytes(header) as usize;
    let err = sock.read_exact_owned(vec![0u8; len]).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnexpectedEof);
    assert_eq!(
        err.filled(),
        partial.len(),
        "filled() equals the bytes sent"
    );
    let (_, _sock, buf) = err.into_parts();
    assert_eq!(buf[..partial.len()], partial[..]);
}

#[tokio::test]
async fn a_clean_close_at_a_frame_boundary_has_filled_zero() {
    let (client, server) = pair().await;
    let (client, _) = client
        .write_all_owned(*b"\x00\x00\x00\x02hi")
        .await
        .unwrap();
    drop(client);

    let (sock, header) = server.read_exact_owned([0u8; 4]).await.unwrap();
    let (sock, body) = sock
        .read_exact_owned(vec![0u8; u32::from_be_bytes(header) as usize])
        .await
        .unwrap();
    assert_eq!(body, b"hi");
    let err = sock.read_exact_owned([0u8; 4]).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnexpectedEof);
    assert_eq!(err.filled(), 0);
}

#[tokio::test]
async fn into_split_halves_on_their_own_tasks() {
    let (client, server) = pair().await;
    let (read_half, write_half) = server.into_split();
    // An echo of 100 frames: the server's halves each live on a task of their own.
    let echo = tokio::spawn(async move {
        let (mut reader, mut writer) = (read_half, write_half);
        for _ in 0..100 {
            let (r, frame) = reader.read_exact_owned([0u8; 16]).await?;
            let (w, _) = writer.write_all_owned(frame).await?;
            (reader, writer) = (r, w);
        }
        Ok::<_, std::io::Error>(())
    });

    let (client_read, client_write) = client.into_split();
    let writing = tokio::spawn(async move {
        let mut writer = client_write;
        for i in 0..100u8 {
            writer = writer.write_all_owned([i; 16]).await.unwrap().0;
        }
    });
    let mut reader = client_read;
    for i in 0..100u8 {
        let (r, frame) = reader.read_exact_owned([0u8; 16]).await.unwrap();
        assert_eq!(frame, [i; 16]);
        reader = r;
    }
    writing.await.unwrap();
    echo.await.unwrap().unwrap();
}

#[tokio::test]
async fn the_future_itself_moves_into_tokio_spawn() {
    let (client, server) = pair().await;
    let read = tokio::spawn(server.read_exact_owned(vec![0u8; 1 << 20]));
    let write = tokio::spawn(client.write_all_owned(vec![0xab; 1 << 20]));
    let (_client, sent) = write.await.unwrap().unwrap();
    let (_server, got) = read.await.unwrap().unwrap();
    assert_eq!(got, sent);
}

#[tokio::test]
async fn select_against_a_timeout_then_into_parts_then_resume_loses_nothing() {
    let (mut client, server) = pair().await;
    let frame: Vec<u8> = (0..200u8).collect();
    let peer_frame = frame.clone();
    let peer = tokio::spawn(async move {
        client.write_all(&peer_frame[..120]).await.unwrap();
        // The rest comes only when asked for, over the same socket.
        let mut ask = [0u8; 1];
        client.read_exact(&mut ask).await.unwrap();
        client.write_all(&peer_frame[120..]).await.unwrap();
        client
    });

    let mut read = server.read_exact_owned(vec![0u8; frame.len()]);
    // Wait, in short timeouts, until the first 120 bytes are in; the read cannot finish.
    for _ in 0..500 {
        tokio::select! {
            out = &mut read => panic!("the rest was never sent, yet: {:?}", out.map(|_| ())),
            _ = tokio::time::sleep(Duration::from_millis(10)) => {}
        }
        if read.filled() == 120 {
            break;
        }
    }
    let filled = read.filled();
    assert_eq!(filled, 120);
    let (sock, buf, handed_back) = read.into_parts().expect("still in flight");
    assert_eq!(handed_back, filled);
    assert_eq!(buf[..filled], frame[..filled]);

    // Other work on the recovered socket: ask the peer for the rest.
    let (sock, _) = sock.write_all_owned(*b"?").await.unwrap();
    let (_sock, buf) = ReadExactOwned::resume(sock, buf, filled).await.unwrap();
    assert_eq!(buf, frame);
    peer.await.unwrap();
}

/// 64 MiB of random bytes through `read_owned` into a `BytesMut`, emptied as it is checked:
/// every byte arrives once and in order.
#[cfg(feature = "bytes")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_mib_through_read_owned_into_bytes_mut() {
    use owned_io::AsyncReadOwnedExt;

    let (client, server) = pair().await;
    let sender = tokio::spawn(async move {
        let mut rng = Rng(0x0dd_b1e55);
        let mut sum = Checksum::new();
        let mut chunk = vec![0u8; 1 << 20];
        let mut sock = client;
        for _ in 0..TOTAL / chunk.len() {
            rng.fill(&mut chunk);
            sum.update(&chunk);
            (sock, chunk) = sock.write_all_owned(chunk).await.unwrap();
        }
        sum
    });

    let mut sock = server;
    let mut buf = bytes::BytesMut::with_capacity(64 << 10);
    let mut sum = Checksum::new();
    let (mut total, mut reads) = (0, 0);
    loop {
        let n;
        (sock, buf, n) = sock.read_owned(buf).await.unwrap();
        if n == 0 {
            break;
        }
        sum.update(&buf);
        total += n;
        reads += 1;
        buf.clear(); // the same allocation, read into again
    }
    assert_eq!(total, TOTAL);
    assert_eq!(sum, sender.await.unwrap(), "every byte once, in order");
    assert!(buf.capacity() >= 64 << 10 && reads >= TOTAL / (64 << 10));
}

/// A peer that closes in the middle of what it meant to send: `read_to_end_owned` hands back
/// exactly the bytes that were sent, and `read_owned` then sees the end of stream.
#[cfg(feature = "bytes")]
#[tokio::test]
async fn a_peer_closing_mid_stream() {
    use owned_io::AsyncReadOwnedExt;

    let (mut client, server) = pair().await;
    let sent: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
    let expected = sent.clone();
    let peer = tokio::spawn(async move {
        client.write_all(&sent).await.unwrap();
        // Gone before the rest of a "message" it announced nothing about.
        drop(client);
    });
    let (sock, body, n) = server.read_to_end_owned(Vec::new(), 1 << 20).await.unwrap();
    assert_eq!((n, body), (expected.len(), expected));
    let (_sock, buf, n) = sock.read_owned(Vec::with_capacity(16)).await.unwrap();
    assert_eq!((n, buf.len()), (0, 0));
    peer.await.unwrap();

    // The same close mid-stream under a limit smaller than what was sent: an error that holds
    // every byte read, one past the limit.
    let (mut client, server) = pair().await;
    client.write_all(&[7u8; 5000]).await.unwrap();
    drop(client);
    let err = server
        .read_to_end_owned(Vec::new(), 4096)
        .await
        .unwrap_err();
    assert_eq!((err.kind(), err.filled()), (ErrorKind::InvalidData, 4097));
    assert_eq!(err.into_parts().2, vec![7u8; 4097]);
}

/// Lines trickled over TCP, read with `read_line_owned` in `select!` against a timer: each time
/// the timer wins, the read is abandoned with `into_parts`, the socket does other work, and the
/// read resumes; every line arrives whole, every byte once, multi-byte characters split
/// across the pauses included.
#[tokio::test]
async fn lines_over_tcp_with_select_against_a_timer_lose_nothing() {
    use owned_io::{AsyncBufReadOwnedExt, ReadLineOwned};

    let (client, server) = pair().await;
    let lines = ["+OK\r\n", "café au lait 😀\n", ":12345\n", "€€€\n"];
    let all: Vec<u8> = lines.concat().into_bytes();
    let (mut client_read, mut client_write) = client.into_split();
    let peer = tokio::spawn(async move {
        for chunk in all.chunks(3) {
            client_write.write_all(chunk).await.unwrap();
            tokio::time::sleep(Duration::from_millis(3)).await;
        }
        client_write.shutdown().await.unwrap();
        // Read back the nudges sent while the reads were abandoned.
        let mut nudges = Vec::new();
        client_read.read_to_end(&mut nudges).await.unwrap();
        nudges.len()
    });

    let (server_read, mut server_write) = server.into_split();
    let mut reader = tokio::io::BufReader::with_capacity(4, server_read);
    let (mut got, mut abandoned) = (Vec::new(), 0);
    loop {
        let mut read = reader.read_line_owned(String::new(), 256);
        let (r, line, n) = loop {
            tokio::select! {
                out = &mut read => break out.unwrap(),
                _ = tokio::time::sleep(Duration::from_millis(1)) => {
                    let (r, bytes, filled) = read.into_parts().expect("in flight");
                    assert_eq!(bytes.len(), filled);
                    abandoned += 1;
                    server_write.write_all(b".").await.unwrap(); // other work meanwhile
                    read = ReadLineOwned::resume(r, bytes, filled, 256);
                }
            }
        };
        reader = r;
        if n == 0 {
            break;
        }
        got.push(line);
    }
    assert_eq!(got, lines);
    assert!(abandoned > 0, "the timer won at least once");
    server_write.shutdown().await.unwrap();
    assert_eq!(peer.await.unwrap(), abandoned);
}

/// A peer that sends one endless line over TCP: the read stops at the limit with exactly that
/// many bytes in the buffer, whose capacity stays within the limit; the reader holds at most
/// its `BufReader`'s capacity more.
#[tokio::test]
async fn an_endless_line_over_tcp_stops_at_the_limit() {
    use owned_io::AsyncBufReadOwnedExt;

    let (mut client, server) = pair().await;
    let peer = tokio::spawn(async move {
        let chunk = [b'z'; 16 << 10];
        // Until the reader gives up and closes.
        while client.write_all(&chunk).await.is_ok() {}
    });
    const LIMIT: usize = 1 << 20;
    let reader = tokio::io::BufReader::with_capacity(8 << 10, server);
    let err = reader
        .read_until_owned(b'\n', Vec::new(), LIMIT)
        .await
        .unwrap_err();
    assert_eq!((err.kind(), err.filled()), (ErrorKind::InvalidData, LIMIT));
    let (_, reader, buf) = err.into_parts();
    assert!(
        buf.len() == LIMIT && buf.capacity() <= LIMIT,
        "{}",
        buf.capacity()
    );
    assert!(buf.iter().all(|&b| b == b'z'));
    assert!(reader.buffer().len() <= 8 << 10);
    drop(reader);
    peer.await.unwrap();
}

/// A cheap checksum over whole words, and a cheap generator of the same bytes on both ends:
/// fast enough to push a gibibyte through an unoptimised test build.
fn fold(sum: u64, bytes: &[u8]) -> u64 {
    let mut words = bytes.chunks_exact(8);
    let mut sum = sum;
    for word in &mut words {
        let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        sum = (sum ^ word)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .rotate_left(23);
    }
    for &b in words.remainder() {
        sum = (sum ^ u64::from(b)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    sum
}

/// Block `i` of a stream: 64 KiB of one of a few random patterns, stamped with its index.
fn block(patterns: &[Vec<u8>], i: u64) -> Vec<u8> {
    let mut block = patterns[(i % patterns.len() as u64) as usize].clone();
    block[..8].copy_from_slice(&i.to_le_bytes());
    block
}

fn patterns(seed: u64) -> Vec<Vec<u8>> {
    let mut rng = Rng(seed);
    (0..7)
        .map(|_| {
            let mut pattern = vec![0u8; 64 << 10];
            rng.fill(&mut pattern);
            pattern
        })
        .collect()
}

/// Sends `blocks` blocks on `sock` and shuts it down; returns the checksum of what it sent.
async fn send_blocks<W: tokio::io::AsyncWrite + Unpin>(
    mut sock: W,
    seed: u64,
    blocks: u64,
) -> (W, u64) {
    let patterns = patterns(seed);
    let mut sum = 0;
    for i in 0..blocks {
        let block = block(&patterns, i);
        sum = fold(sum, &block);
        sock.write_all(&block).await.unwrap();
    }
    sock.shutdown().await.unwrap();
    (sock, sum)
}

/// Reads `sock` to its end; returns the checksum of what arrived and its length.
async fn receive_all<R: tokio::io::AsyncRead + Unpin>(mut sock: R) -> (R, u64, u64) {
    let mut buf = vec![0u8; 64 << 10];
    let (mut sum, mut total, mut carry) = (0, 0u64, Vec::new());
    loop {
        let n = sock.read(&mut buf).await.unwrap();
        if n == 0 {
            break;
        }
        total += n as u64;
        // Fold whole blocks, so that the checksum does not depend on how reads split them.
        carry.extend_from_slice(&buf[..n]);
        let whole = carry.len() / (64 << 10) * (64 << 10);
        sum = fold(sum, &carry[..whole]);
        carry.drain(..whole);
    }
    (sock, fold(sum, &carry), total)
}

/// 1 GiB through `copy_owned` between two TCP connections, checksummed end to end; the copy
/// hands back both sockets, its buffer and the count.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_gib_through_copy_owned_over_tcp() {
    use owned_io::copy_owned;

    const BLOCKS: u64 = (1 << 30) / (64 << 10);
    let (sender, proxy_in) = pair().await;
    let (proxy_out, receiver) = pair().await;
    let sent = tokio::spawn(send_blocks(sender, 0x600d, BLOCKS));
    let received = tokio::spawn(receive_all(receiver));
    let (_, proxy_out, buf, copied) = copy_owned(proxy_in, proxy_out, vec![0u8; 64 << 10])
        .await
        .unwrap();
    assert_eq!((copied, buf.len()), (1 << 30, 64 << 10));
    drop(proxy_out); // the receiver sees the end of stream
    let (_, sent_sum) = sent.await.unwrap();
    let (_, received_sum, total) = received.await.unwrap();
    assert_eq!(
        (total, received_sum),
        (1 << 30, sent_sum),
        "every byte once, in order"
    );
}

/// `copy_bidirectional_owned` as a proxy between a client and a server: both directions
/// checksummed, and each side's shutdown reaches the other as an end of stream.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copy_bidirectional_owned_as_a_proxy_with_half_closes() {
    use owned_io::copy_bidirectional_owned;

    let (client, proxy_front) = pair().await;
    let (proxy_back, server) = pair().await;
    let proxy = tokio::spawn(copy_bidirectional_owned(
        proxy_front,
        proxy_back,
        vec![0u8; 8 << 10],
        vec![0u8; 16 << 10],
    ));
    // The server reads the whole request (the client's half-close ends it), then answers.
    let server = tokio::spawn(async move {
        let (server, request_sum, request_len) = receive_all(server).await;
        let (_, reply_sum) = send_blocks(server, 0x5e4e, 96).await;
        (request_sum, request_len, reply_sum)
    });
    let (client_read, client_write) = client.into_split();
    let (_, request_sum) = send_blocks(client_write, 0xc11e, 160).await;
    let (_, reply_sum, reply_len) = receive_all(client_read).await;

    let (server_request_sum, request_len, server_reply_sum) = server.await.unwrap();
    assert_eq!((request_len, server_request_sum), (160 << 16, request_sum));
    assert_eq!((reply_len, reply_sum), (96 << 16, server_reply_sum));
    let (_, _, buf_up, buf_down, up, down) = proxy.await.unwrap().unwrap();
    assert_eq!((up, down), (160 << 16, 96 << 16));
    assert_eq!(
        (buf_up.len(), buf_down.len()),
        (8 << 10, 16 << 10),
        "the caller's buffers"
    );
}
