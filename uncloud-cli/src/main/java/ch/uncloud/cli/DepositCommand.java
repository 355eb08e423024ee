package ch.uncloud.cli;

import ch.uncloud.api.Charge;
import ch.uncloud.api.CreditService;
import ch.uncloud.api.DepositRequest;
import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.Money;
import ch.uncloud.api.ServiceName;
import ch.uncloud.api.Username;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code uncloud deposit}: books a deposit, like {@code POST /deposit}. */
@Command(name = "deposit", mixinStandardHelpOptions = true, description = "Pay money into a user's account.")
final class DepositCommand implements Callable<Integer> {
  @ParentCommand
  UncloudCommand parent;

  @Spec
  CommandSpec spec;

  @Mixin
  TargetOptions target;

  @Mixin
  AdminOptions admin;

  @Option(names = "--user", required = true, paramLabel = "NAME", description = "The user to credit.")
  String user;

  @Option(names = "--amount", required = true, paramLabel = "AMOUNT", description = "e.g. 20.00")
  String amount;

  @Option(names = "--currency", paramLabel = "CODE", description = "Default: the configured currency.")
  String currency;

  @Option(names = "--comment", required = true, paramLabel = "TEXT", description = "The booking text.")
  String comment;

  @Option(names = "--service", paramLabel = "NAME", defaultValue = "deposits",
      description = "The booking service (default: ${DEFAULT-VALUE}, the cashier, whose owners may credit anyone).")
  String service;

  @Option(names = "--idempotency-key", paramLabel = "KEY", description = "Makes a retry safe: the same key books once.")
  String key;

  @Override
  public Integer call() {
    try (Backend backend = target.open()) {
      CreditService credit = backend.uncloud().credit();
      DepositRequest request = new DepositRequest(ServiceName.of(service), Username.of(user),
          Money.of(amount, currency != null ? currency : credit.currency().getCurrencyCode()), comment,
          key == null ? null : IdempotencyKey.of(key));
      Charge deposit = credit.deposit(admin.login(credit, parent.stdin), request);
      Printing.booked(spec.commandLine().getOut(), "deposited", deposit);
      return 0;
    }
  }
}
