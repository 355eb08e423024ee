package ch.uncloud.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Measures how long forcing a small write to disk takes in a directory: the floor under every
 * durable commit, and so what a durable store's figures must be read against.
 */
final class FsyncProbe {
  private FsyncProbe() {}

  /**
   * @param dir a directory on the disk to probe
   * @param rounds how many forced writes to time
   * @return the mean time of one forced write, in milliseconds
   * @throws IOException if the probe file cannot be written
   */
  static double meanMillis(Path dir, int rounds) throws IOException {
    Path file = Files.createTempFile(dir, "fsync-probe", ".bin");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ByteBuffer block = ByteBuffer.allocate(4096);
      long start = System.nanoTime();
      for (int i = 0; i < rounds; i++) {
        block.clear();
        channel.write(block, (long) i * 4096);
        channel.force(false);
      }
      return (System.nanoTime() - start) / 1e6 / rounds;
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
