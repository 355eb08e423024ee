package ch.uncloud.cli;

import ch.uncloud.api.Username;
import ch.uncloud.api.credit.Charge;
import ch.uncloud.api.payments.PaymentEvents;
import ch.uncloud.api.payments.UnappliedPayment;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code uncloud payments}: the payments uncloud received but could not book, because the account the
 * payment provider named is not in the directory, and applying them to the right account.
 */
@Command(name = "payments", mixinStandardHelpOptions = true,
    description = {"Card payments that were received but not booked: their account is not in the directory.",
        "They are kept in the ledger's database until an admin applies them to the right account."},
    subcommands = {PaymentsCommand.Unapplied.class, PaymentsCommand.Apply.class})
final class PaymentsCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @ParentCommand
  UncloudCommand parent;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a payments command: unapplied or apply");
  }

  /** {@code uncloud payments unapplied}. */
  @Command(name = "unapplied", mixinStandardHelpOptions = true,
      description = "List the payments kept unapplied, oldest first; exits 1 if there are any.")
  static final class Unapplied implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Override
    public Integer call() {
      try (Backend backend = target.open()) {
        List<UnappliedPayment> kept = backend.uncloud().paymentEvents().unappliedPayments();
        PrintWriter out = spec.commandLine().getOut();
        if (kept.isEmpty()) {
          out.println("no unapplied payments");
        }
        for (UnappliedPayment p : kept) {
          out.println(p.paymentId() + "  " + p.amount() + "  for " + Texts.shown(p.account().value())
              + " (not in the directory)  received " + p.receivedAt() + "  event " + p.eventId());
        }
        return kept.isEmpty() ? 0 : 1;
      }
    }
  }

  /** {@code uncloud payments apply PAYMENT_ID --to USER --admin NAME}. */
  @Command(name = "apply", mixinStandardHelpOptions = true,
      description = {"Book an unapplied payment as a top-up on the right account, once (applying it again to the "
          + "same account changes nothing). The admin must own the cashier service 'deposits'."})
  static final class Apply implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    PaymentsCommand payments;

    @Mixin
    TargetOptions target;

    @Mixin
    AdminOptions admin;

    @Parameters(index = "0", paramLabel = "PAYMENT_ID", description = "The payment, as `uncloud payments unapplied` lists it.")
    String paymentId;

    @Option(names = "--to", required = true, paramLabel = "USER", description = "The account to book it on.")
    String user;

    @Override
    public Integer call() {
      try (Backend backend = target.open()) {
        PaymentEvents events = backend.uncloud().paymentEvents();
        Charge booked = events.applyUnapplied(admin.login(backend.uncloud().credit(), payments.parent.stdin),
            paymentId, Username.of(user));
        Printing.booked(spec.commandLine().getOut(), "deposited", booked);
        return 0;
      }
    }
  }
}
