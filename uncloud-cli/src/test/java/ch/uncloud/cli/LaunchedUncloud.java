package ch.uncloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ./uncloud} launcher at the repository root, run as a new user runs it (it uses the jar
 * this build just packaged), with its banner read up to "Stop with Ctrl-C." and its stderr in a file.
 *
 * @param process the running command
 * @param url the URL it printed it listens on, or {@code null} if it printed none
 * @param banner every line it printed up to the end of the banner
 * @param stderr where its standard error goes
 */
record LaunchedUncloud(Process process, String url, List<String> banner, Path stderr) {
  private static final Pattern LISTENING = Pattern.compile("uncloud is listening on (http://\\S+)");
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  /**
   * @param work the working directory (stderr lands here too)
   * @param environment extra environment variables
   * @param args the command's arguments
   * @return the command, once its banner is printed
   */
  static LaunchedUncloud start(Path work, Map<String, String> environment, String... args) throws Exception {
    Path stderr = Files.createTempFile(work, "stderr", ".txt");
    Process process = launch(work, environment, stderr, args);
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          lines.add(line);
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "uncloud-stdout");
    reader.setDaemon(true);
    reader.start();

    List<String> banner = new ArrayList<>();
    String url = null;
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(1, TimeUnit.SECONDS);
      if (line == null) {
        assertThat(process.isAlive()).as("the command is running; stderr: %s", Files.readString(stderr)).isTrue();
        continue;
      }
      banner.add(line);
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        url = m.group(1);
      }
      if (line.startsWith("Stop with Ctrl-C.")) {
        break;
      }
    }
    assertThat(banner).as("the printed banner; stderr: %s", Files.readString(stderr))
        .anySatisfy(l -> assertThat(l).startsWith("Stop with Ctrl-C."));
    return new LaunchedUncloud(process, url, banner, stderr);
  }

  /**
   * Runs a command that ends by itself (such as {@code uncloud cards register ...}) to its end.
   *
   * @param work the working directory
   * @param environment extra environment variables
   * @param args the command's arguments
   * @return its exit status and output
   */
  static Finished run(Path work, Map<String, String> environment, String... args) throws Exception {
    Path stderr = Files.createTempFile(work, "stderr", ".txt");
    Process process = launch(work, environment, stderr, args);
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("ended").isTrue();
    return new Finished(process.exitValue(), out, Files.readString(stderr));
  }

  /**
   * A command that ended.
   *
   * @param status its exit status
   * @param out its standard output
   * @param err its standard error
   */
  record Finished(int status, String out, String err) {}

  private static Process launch(Path work, Map<String, String> environment, Path stderr, String... args)
      throws IOException {
    Path root = Path.of(System.getProperty("user.dir")).getParent();
    Path launcher = root.resolve("uncloud");
    assertThat(launcher).as("the launcher at the repository root").isExecutable();
    List<String> command = new ArrayList<>(List.of(launcher.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectError(stderr.toFile());
    builder.environment().putAll(environment);
    Process process = builder.start();
    process.getOutputStream().close();
    return process;
  }

  /** Sends SIGTERM and checks that the command stopped cleanly (exit 143, no exception on stderr). */
  void stopCleanly() throws Exception {
    process.destroy(); // SIGTERM
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
    assertThat(process.exitValue()).as("exit status after SIGTERM (128 + 15)").isEqualTo(143);
    String err = Files.readString(stderr);
    assertThat(err).contains("uncloud: stopped cleanly").doesNotContain("Exception");
  }
}
