package ch.uncloud.cli;

import ch.uncloud.api.Secret;
import ch.uncloud.core.PasswordHash;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code uncloud hash-password}: prints a salted hash for {@code uncloud.admin.NAME.password-hash}. */
@Command(name = "hash-password", mixinStandardHelpOptions = true,
    description = {"Print a salted PBKDF2 hash of a password for uncloud.admin.NAME.password-hash.",
        "The password is read from the console (twice) or the first line of standard input, never from arguments."})
final class HashPasswordCommand implements Callable<Integer> {
  @ParentCommand
  UncloudCommand parent;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    Secret password = PasswordInput.read(parent.stdin, "password: ", true);
    if (password.reveal().length() < 12) {
      throw new UncloudCommand.CommandFailure("the password has fewer than 12 characters; choose a longer one");
    }
    spec.commandLine().getOut().println(PasswordHash.create(password).encoded());
    return 0;
  }
}
