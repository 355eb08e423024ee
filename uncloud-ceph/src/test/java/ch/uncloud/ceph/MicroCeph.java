package ch.uncloud.ceph;

import com.ceph.rados.IoCTX;
import com.ceph.rados.Rados;
import com.ceph.rbd.Rbd;
import com.ceph.rbd.RbdException;
import com.ceph.rbd.RbdImage;
import com.ceph.rbd.jna.RbdSnapInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A one-node Ceph cluster on loopback for the tests, started once per test run with
 * {@code micro-ceph.sh} (a copy lives in {@code src/test/scripts}; env {@code UNCLOUD_MICRO_CEPH}
 * names another) and stopped when the run ends. Also an admin client for the fixtures: images,
 * clones and snapshots behind the store's back.
 */
public final class MicroCeph implements ExtensionContext.Store.CloseableResource {
  public static final String POOL = "rbd";

  private final Path script;
  private final Path dir;
  private final Path conf;
  private final Rados admin;
  private final IoCTX io;
  private boolean stopped;

  private MicroCeph(Path script, Path dir, Path conf, Rados admin, IoCTX io) {
    this.script = script;
    this.dir = dir;
    this.conf = conf;
    this.admin = admin;
    this.io = io;
  }

  /** @return the script that starts the cluster */
  static Path script() {
    String override = System.getenv("UNCLOUD_MICRO_CEPH");
    if (override != null && !override.isBlank()) {
      return Path.of(override);
    }
    for (String inRepo : new String[] {"src/test/scripts/micro-ceph.sh", "../uncloud-ceph/src/test/scripts/micro-ceph.sh"}) {
      Path script = Path.of(inRepo).toAbsolutePath().normalize();
      if (Files.exists(script)) {
        return script; // run from uncloud-ceph, or from a sibling module using this fixture
      }
    }
    return Path.of("../../shared/ceph/micro-ceph.sh").toAbsolutePath().normalize();
  }

  /**
   * Starts a cluster in a new temporary directory.
   *
   * @throws IllegalStateException with the script's output if it cannot start
   */
  static MicroCeph start() throws IOException, InterruptedException {
    Path script = script();
    if (!Files.isExecutable(script)) {
      throw new IllegalStateException("micro-ceph script " + script + " is missing or not executable");
    }
    Path dir = Files.createTempDirectory("uncloud-micro-ceph");
    String out = run(script, "start", dir, 180);
    Path conf = out.lines().filter(l -> l.startsWith("CEPH_CONF=")).map(l -> Path.of(l.substring(10)))
        .findFirst().orElseThrow(() -> new IllegalStateException("micro-ceph printed no CEPH_CONF:\n" + out));
    Rados admin = new Rados("admin");
    try {
      admin.confReadFile(conf.toFile());
      admin.confSet("client_mount_timeout", "30");
      admin.connect();
      MicroCeph cluster = new MicroCeph(script, dir, conf, admin, admin.ioCtxCreate(POOL));
      // JUnit closes the cluster at the end of the run; this also stops it on Ctrl-C
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::stopQuietly, "micro-ceph-stop"));
      return cluster;
    } catch (IOException | RuntimeException e) {
      admin.shutDown();
      run(script, "stop", dir, 60);
      throw e;
    }
  }

  private static String run(Path script, String command, Path dir, int timeoutSeconds)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(script.toString(), command, dir.toString()).redirectErrorStream(true);
    pb.environment().putAll(Map.of("MICROCEPH_TIMEOUT", "60"));
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] output = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(script + " " + command + " timed out");
    }
    String text = new String(output, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IllegalStateException(script + " " + command + " " + dir + " failed (exit " + p.exitValue() + "):\n" + text);
    }
    return text;
  }

  /** @return the cluster's ceph.conf (it names the admin keyring) */
  public Path conf() {
    return conf;
  }

  /** @return the default cluster's connection settings, as client admin */
  CephCluster cluster() {
    return CephCluster.of(conf);
  }

  synchronized void createImage(String image, long bytes) throws RbdException {
    new Rbd(io).create(image, bytes);
  }

  synchronized void renameImage(String from, String to) throws RbdException {
    new Rbd(io).rename(from, to);
  }

  public synchronized List<String> snapshots(String image) throws RbdException {
    return withImage(image, img -> img.snapList().stream().map(s -> s.name).toList());
  }

  synchronized void createSnapshot(String image, String snapshot) throws RbdException {
    withImage(image, img -> {
      img.snapCreate(snapshot);
      return null;
    });
  }

  synchronized void removeSnapshot(String image, String snapshot) throws RbdException {
    withImage(image, img -> {
      img.snapRemove(snapshot);
      return null;
    });
  }

  /** @return the clone as pool/image */
  synchronized String cloneSnapshot(String image, String snapshot, String cloneName) throws RbdException {
    new Rbd(io).clone(image, snapshot, io, cloneName, 1 /* layering */, 0);
    return POOL + "/" + cloneName;
  }

  synchronized void removeImage(String image) throws RbdException {
    new Rbd(io).remove(image);
  }

  /** Removes an image with all its snapshots (unprotecting them); clones must be gone. Best effort. */
  synchronized void removeImageDeep(String image) {
    try {
      withImage(image, img -> {
        for (RbdSnapInfo s : new ArrayList<>(img.snapList())) {
          if (img.snapIsProtected(s.name)) {
            img.snapUnprotect(s.name);
          }
          img.snapRemove(s.name);
        }
        return null;
      });
      removeImage(image);
    } catch (RbdException e) {
      // best effort: the cluster is thrown away at the end of the run anyway
    }
  }

  private <T> T withImage(String image, ImageFn<T> fn) throws RbdException {
    Rbd rbd = new Rbd(io);
    RbdImage img = rbd.open(image);
    try {
      return fn.apply(img);
    } finally {
      rbd.close(img);
    }
  }

  private interface ImageFn<T> {
    T apply(RbdImage image) throws RbdException;
  }

  private void stopQuietly() {
    try {
      close();
    } catch (IOException | InterruptedException | RuntimeException e) {
      System.err.println("micro-ceph: stopping the test cluster in " + dir + " failed: " + e);
    }
  }

  @Override
  public synchronized void close() throws IOException, InterruptedException {
    if (stopped) {
      return;
    }
    stopped = true;
    admin.ioCtxDestroy(io);
    admin.shutDown();
    run(script, "stop", dir, 60);
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
