package ch.uncloud.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The {@code uncloud} command's entry point ({@code java -jar uncloud-cli-*-all.jar ...}). */
public final class Main {
  private Main() {}

  /**
   * Runs the command and exits with its status: 0 success, 1 failure, 2 bad usage.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    configureLogging(Arrays.asList(args).contains("--verbose"), LogFormat.choose(Arrays.asList(args), System.getenv()));
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(UncloudCommand.run(System.in, out, err, args));
  }

  // Logback reads these once, when the first logger is made; explicit -D settings win.
  private static void configureLogging(boolean verbose, LogFormat format) {
    setIfAbsent("logback.configurationFile", format.logbackConfiguration());
    setIfAbsent("uncloud.log.level", verbose ? "debug" : "info");
    setIfAbsent("uncloud.log.root-level", verbose ? "debug" : "warn");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
