package ch.uncloud.jdbc;

import ch.uncloud.api.ConflictException;
import ch.uncloud.api.credit.LedgerEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The child JVM of {@link CrashSafetyTest}: books charges, deposits and reversals from several
 * threads until it is killed, and appends every acknowledged entry id to a file, forced to disk
 * before the next booking, so the parent knows what was promised.
 *
 * <p>Arguments: JDBC URL, user (or {@code -}), acknowledgement file, run tag, threads.
 */
public final class CrashLoad {
  private CrashLoad() {}

  /** @param args see the class description @throws Exception on setup failure */
  public static void main(String[] args) throws Exception {
    String url = args[0];
    String user = args[1];
    Path ackFile = Path.of(args[2]);
    String run = args[3];
    int threads = Integer.parseInt(args[4]);
    JdbcLedgerBuilder builder = JdbcLedger.builder().url(url);
    if (!"-".equals(user)) {
      builder.user(user);
    }
    JdbcLedger ledger = builder.build();
    FileChannel acks = FileChannel.open(ackFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
    System.out.println("READY");
    System.out.flush();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread worker = new Thread(() -> load(ledger, acks, run + "-" + thread));
      worker.start();
    }
    Thread.sleep(Long.MAX_VALUE);
  }

  private static void load(JdbcLedger ledger, FileChannel acks, String tag) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    LedgerEntry previous = null;
    for (long i = 0; ; i++) {
      String account = "u" + random.nextInt(40);
      LedgerEntry booked;
      int dice = random.nextInt(10);
      if (dice == 0) {
        booked = ledger.post(Entries.deposit(account, "10.00")).entry();
      } else if (dice == 1 && previous != null && previous.kind() != ch.uncloud.api.credit.EntryKind.REVERSAL) {
        try {
          booked = ledger.post(Entries.reversal(previous, null)).entry();
        } catch (ConflictException e) {
          if (!"already_reversed".equals(e.errorCode())) {
            throw e;
          }
          continue;
        }
      } else {
        booked = ledger.post(Entries.charge(account, "0." + (10 + random.nextInt(90)), tag + "-" + i)).entry();
      }
      previous = booked;
      acknowledge(acks, booked.id().value());
    }
  }

  private static void acknowledge(FileChannel acks, String id) {
    ByteBuffer line = ByteBuffer.wrap((id + "\n").getBytes(StandardCharsets.US_ASCII));
    synchronized (acks) {
      try {
        while (line.hasRemaining()) {
          acks.write(line);
        }
        acks.force(false);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
