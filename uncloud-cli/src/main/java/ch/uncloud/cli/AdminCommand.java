package ch.uncloud.cli;

import ch.uncloud.api.credit.AdminSession;
import ch.uncloud.api.credit.CreditService;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A command that acts as an admin: the target and {@code --admin} options, and the login with the
 * password from the environment or standard input.
 */
abstract class AdminCommand implements Callable<Integer> {
  @ParentCommand
  UncloudCommand parent;

  @Spec
  CommandSpec spec;

  @Mixin
  TargetOptions target;

  @Mixin
  AdminOptions admin;

  /**
   * @param credit the credit service
   * @return a session for --admin
   */
  final AdminSession login(CreditService credit) {
    return admin.login(credit, parent.stdin);
  }
}
