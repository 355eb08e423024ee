package ch.uncloud.cli;

import ch.uncloud.api.Secret;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads a password without it ever being a command-line argument: from the console without echo,
 * or else the first line of standard input ({@code printf '%s\n' "$PW" | uncloud ...}).
 */
final class PasswordInput {
  private PasswordInput() {}

  /**
   * @param stdin standard input
   * @param prompt what to ask on the console
   * @param confirm on a console, ask twice and require both to match
   * @return the password
   * @throws UncloudCommand.CommandFailure if there is none
   */
  static Secret read(InputStream stdin, String prompt, boolean confirm) {
    Console console = System.console();
    if (console != null && stdin == System.in) {
      char[] first = console.readPassword("%s", prompt);
      if (first == null || first.length == 0) {
        throw new UncloudCommand.CommandFailure("no password given");
      }
      if (confirm) {
        char[] second = console.readPassword("%s", "again: ");
        if (second == null || !new String(first).equals(new String(second))) {
          throw new UncloudCommand.CommandFailure("the two passwords differ");
        }
      }
      return Secret.of(new String(first));
    }
    try {
      String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
      if (line == null || line.isEmpty()) {
        throw new UncloudCommand.CommandFailure("no password on standard input; pipe it in as one line, e.g. "
            + "printf '%s\\n' \"$PASSWORD\" | uncloud ...");
      }
      return Secret.of(line);
    } catch (IOException e) {
      throw new UncloudCommand.CommandFailure("cannot read the password from standard input: " + e.getMessage());
    }
  }
}
