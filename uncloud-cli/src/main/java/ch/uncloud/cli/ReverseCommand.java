package ch.uncloud.cli;

import ch.uncloud.api.Charge;
import ch.uncloud.api.CreditService;
import ch.uncloud.api.EntryId;
import ch.uncloud.api.IdempotencyKey;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code uncloud reverse}: books a storno, like {@code POST /reverse}. */
@Command(name = "reverse", mixinStandardHelpOptions = true,
    description = "Reverse (storno) a charge or deposit of a service you own.")
final class ReverseCommand implements Callable<Integer> {
  @ParentCommand
  UncloudCommand parent;

  @Spec
  CommandSpec spec;

  @Mixin
  TargetOptions target;

  @Mixin
  AdminOptions admin;

  @Option(names = "--charge-id", required = true, paramLabel = "ID", description = "The entry to reverse.")
  String chargeId;

  @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why; the reversal's booking text.")
  String reason;

  @Option(names = "--idempotency-key", paramLabel = "KEY", description = "Makes a retry safe: the same key books once.")
  String key;

  @Override
  public Integer call() {
    try (Backend backend = target.open()) {
      CreditService credit = backend.uncloud().credit();
      Charge reversal = credit.reverse(admin.login(credit, parent.stdin), EntryId.of(chargeId), reason,
          key == null ? null : IdempotencyKey.of(key));
      Printing.booked(spec.commandLine().getOut(), "reversed", reversal);
      return 0;
    }
  }
}
