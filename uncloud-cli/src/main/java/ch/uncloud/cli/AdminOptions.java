package ch.uncloud.cli;

import ch.uncloud.api.Secret;
import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.api.credit.CreditService;
import java.io.InputStream;
import picocli.CommandLine.Option;

/** The admin an admin command acts as; the password is asked for, never an argument. */
final class AdminOptions {
  @Option(names = "--admin", required = true, paramLabel = "NAME", description = "The admin to act as. The password "
      + "is read from the console, or the first line of standard input, or the environment variable "
      + "UNCLOUD_ADMIN_PASSWORD.")
  String admin;

  /**
   * @param credit the credit service
   * @param stdin standard input
   * @return an admin session
   */
  AdminSession login(CreditService credit, InputStream stdin) {
    String fromEnvironment = System.getenv("UNCLOUD_ADMIN_PASSWORD");
    Secret password = fromEnvironment != null && !fromEnvironment.isEmpty() ? Secret.of(fromEnvironment)
        : PasswordInput.read(stdin, "password for admin " + admin + ": ", false);
    return credit.authenticate(admin, password);
  }
}
