package ch.uncloud.cli;

import ch.uncloud.api.Charge;
import ch.uncloud.api.ChargeRequest;
import ch.uncloud.api.CreditService;
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

/** {@code uncloud charge}: books a charge, like {@code POST /charge}. */
@Command(name = "charge", mixinStandardHelpOptions = true, description = "Charge a user for a service.")
final class ChargeCommand implements Callable<Integer> {
  @ParentCommand
  UncloudCommand parent;

  @Spec
  CommandSpec spec;

  @Mixin
  TargetOptions target;

  @Mixin
  AdminOptions admin;

  @Option(names = "--service", required = true, paramLabel = "NAME", description = "The service, e.g. 3dprint.")
  String service;

  @Option(names = "--user", required = true, paramLabel = "NAME", description = "The user to charge.")
  String user;

  @Option(names = "--amount", required = true, paramLabel = "AMOUNT", description = "e.g. 1.50 (a dot, no sign).")
  String amount;

  @Option(names = "--currency", paramLabel = "CODE", description = "Default: the configured currency.")
  String currency;

  @Option(names = "--comment", required = true, paramLabel = "TEXT", description = "The booking text.")
  String comment;

  @Option(names = "--idempotency-key", paramLabel = "KEY", description = "Makes a retry safe: the same key books once.")
  String key;

  @Override
  public Integer call() {
    try (Backend backend = target.open()) {
      CreditService credit = backend.uncloud().credit();
      ChargeRequest request = new ChargeRequest(ServiceName.of(service), Username.of(user),
          Money.of(amount, currency != null ? currency : credit.currency().getCurrencyCode()), comment,
          key == null ? null : IdempotencyKey.of(key));
      Charge charge = credit.chargeUser(admin.login(credit, parent.stdin), request);
      Printing.booked(spec.commandLine().getOut(), "charged", charge);
      return 0;
    }
  }
}
