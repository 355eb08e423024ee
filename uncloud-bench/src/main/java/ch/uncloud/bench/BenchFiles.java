package ch.uncloud.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The temporary directories a benchmark keeps its stores in. */
final class BenchFiles {
  private BenchFiles() {}

  /**
   * Deletes a benchmark's directory and the files in it (a store's database, its WAL).
   *
   * @param dir a directory without subdirectories
   * @throws IOException if it cannot be listed or deleted
   */
  static void deleteDirectory(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(file);
      }
    }
    Files.deleteIfExists(dir);
  }
}
