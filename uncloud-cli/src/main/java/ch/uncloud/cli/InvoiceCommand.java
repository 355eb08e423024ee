package ch.uncloud.cli;

import ch.uncloud.api.shop.Bill;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code uncloud invoice mark-paid BILL --reference REF --admin NAME}: an invoice paid by bank transfer. */
@Command(name = "invoice", mixinStandardHelpOptions = true,
    description = "Invoices: open bills paid by bank transfer.",
    subcommands = {InvoiceCommand.MarkPaid.class})
final class InvoiceCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @ParentCommand
  UncloudCommand parent;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name an invoice command: mark-paid");
  }

  /** {@code uncloud invoice mark-paid}. */
  @Command(name = "mark-paid", mixinStandardHelpOptions = true,
      description = {"Mark an open invoice paid by a bank transfer: books the transfer once as a deposit and the "
          + "bill as paid; marking it again with the same reference changes nothing, another reference is refused. The admin must own the cashier service 'deposits'.", "",
          "  invoice mark-paid 2026-11-invoice-3fa2b1c9d0e1a2b3c4d5 --reference 'RF18 5390 0754' --admin bursar"})
  static final class MarkPaid implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    InvoiceCommand invoice;

    @Mixin
    TargetOptions target;

    @Mixin
    AdminOptions admin;

    @Parameters(index = "0", paramLabel = "BILL", description = "The bill's id (bill_id in GET /api/v1/bills).")
    String bill;

    @Option(names = "--reference", required = true, paramLabel = "REF", description = "The bank transfer's reference.")
    String reference;

    @Override
    public Integer call() {
      try (Backend backend = target.open()) {
        Bill paid = backend.uncloud().billing().markPaid(admin.login(backend.uncloud().credit(), invoice.parent.stdin),
            bill, reference);
        BillCommand.print(spec.commandLine().getOut(), paid);
        return 0;
      }
    }
  }
}
