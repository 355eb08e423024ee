package ch.uncloud.jdbc;

import java.util.List;

/**
 * The shop's tables (orders, final bills and their lines), a schema step of their own after the
 * ledger's, in the same database and under the same {@code uncloud_schema_version}.
 *
 * <p>Amounts are exact integers of the currency's minor unit with the currency beside them; instants
 * are nanoseconds since the epoch; an order's parameters are a JSON object. An order's idempotency key
 * is unique per account; a bill is unique per account, month and payment choice (since version
 * {@link #BILLS_PER_PAYMENT}: {@code shop_payment_bill}, {@code shop_payment_bill_line}); bill lines are
 * append-only.
 */
final class ShopSchema {
  /** The schema version that adds the shop's tables. */
  static final int VERSION = 2;
  private static final String DESCRIPTION = "shop orders, final bills and bill lines";
  /** The schema version that keys bills by account, month and payment choice. */
  static final int BILLS_PER_PAYMENT = 4;

  private ShopSchema() {}

  /**
   * @param dialect the store's dialect
   * @return the shop's migrations for that store
   */
  static List<Migration> migrations(Dialect dialect) {
    boolean postgres = dialect instanceof PostgresDialect;
    String seq = postgres ? "seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY" : "seq INTEGER PRIMARY KEY";
    String big = postgres ? "BIGINT" : "INTEGER";
    List<String> tables = List.of(
        "CREATE TABLE shop_order (\n"
            + "  " + seq + ",\n"
            + "  id TEXT NOT NULL UNIQUE,\n"
            + "  account TEXT NOT NULL,\n"
            + "  product TEXT NOT NULL,\n"
            + "  parameters TEXT NOT NULL,\n"
            + "  one_time_currency TEXT NOT NULL,\n"
            + "  one_time_minor " + big + " NOT NULL,\n"
            + "  monthly_currency TEXT NOT NULL,\n"
            + "  monthly_minor " + big + " NOT NULL,\n"
            + "  payment TEXT NOT NULL CHECK (payment IN ('BALANCE', 'CARD', 'INVOICE')),\n"
            + "  starts_at_ns " + big + " NOT NULL,\n"
            + "  end_ns " + big + ",\n"
            + "  minimum_end_ns " + big + " NOT NULL,\n"
            + "  replaces TEXT REFERENCES shop_order (id),\n"
            + "  idempotency_key TEXT,\n"
            + "  placed_at_ns " + big + " NOT NULL)",
        "CREATE UNIQUE INDEX shop_order_key ON shop_order (account, idempotency_key) WHERE idempotency_key IS NOT NULL",
        "CREATE INDEX shop_order_by_account ON shop_order (account, seq)",
        "CREATE INDEX shop_order_by_start ON shop_order (starts_at_ns)",
        "CREATE TABLE shop_bill (\n"
            + "  account TEXT NOT NULL,\n"
            + "  month TEXT NOT NULL,\n"
            + "  status TEXT NOT NULL CHECK (status IN ('PRELIMINARY', 'OPEN', 'PAID')),\n"
            + "  currency TEXT NOT NULL,\n"
            + "  total_minor " + big + " NOT NULL,\n"
            + "  payment TEXT NOT NULL CHECK (payment IN ('BALANCE', 'CARD', 'INVOICE')),\n"
            + "  due_date TEXT,\n"
            + "  note TEXT NOT NULL,\n"
            + "  card_attempts INTEGER NOT NULL,\n"
            + "  created_at_ns " + big + " NOT NULL,\n"
            + "  PRIMARY KEY (account, month))",
        "CREATE TABLE shop_bill_line (\n"
            + "  account TEXT NOT NULL,\n"
            + "  month TEXT NOT NULL,\n"
            + "  position INTEGER NOT NULL,\n"
            + "  line_id TEXT NOT NULL,\n"
            + "  kind TEXT NOT NULL CHECK (kind IN ('ONE_TIME', 'RECURRING', 'USAGE')),\n"
            + "  description TEXT NOT NULL,\n"
            + "  order_id TEXT,\n"
            + "  from_ns " + big + " NOT NULL,\n"
            + "  to_ns " + big + " NOT NULL,\n"
            + "  currency TEXT NOT NULL,\n"
            + "  amount_minor " + big + " NOT NULL,\n"
            + "  PRIMARY KEY (account, month, position),\n"
            + "  UNIQUE (account, month, line_id),\n"
            + "  FOREIGN KEY (account, month) REFERENCES shop_bill (account, month))");
    List<String> appendOnly = postgres
        ? List.of("""
            CREATE FUNCTION shop_bill_line_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'bill lines never change'; END $$""", """
            CREATE TRIGGER shop_bill_line_append_only BEFORE UPDATE OR DELETE ON shop_bill_line
            FOR EACH ROW EXECUTE FUNCTION shop_bill_line_append_only()""")
        : List.of("""
            CREATE TRIGGER shop_bill_line_no_update BEFORE UPDATE ON shop_bill_line
            BEGIN SELECT RAISE(ABORT, 'bill lines never change'); END""", """
            CREATE TRIGGER shop_bill_line_no_delete BEFORE DELETE ON shop_bill_line
            BEGIN SELECT RAISE(ABORT, 'bill lines never change'); END""");
    List<String> statements = new java.util.ArrayList<>(tables);
    statements.addAll(appendOnly);
    return List.of(new Migration(VERSION, DESCRIPTION, List.copyOf(statements)), billsPerPayment(postgres, big));
  }

  /**
   * Each order's lines are billed the way that order chose, so an account has one bill per month and
   * payment choice. The bills made so far move over with the payment they were stored with; the old
   * tables go (dropping a table fires no row trigger, so the append-only lines are copied, not changed).
   */
  private static Migration billsPerPayment(boolean postgres, String big) {
    String payment = "payment TEXT NOT NULL CHECK (payment IN ('BALANCE', 'CARD', 'INVOICE'))";
    List<String> statements = new java.util.ArrayList<>(List.of(
        "CREATE TABLE shop_payment_bill (\n"
            + "  account TEXT NOT NULL,\n"
            + "  month TEXT NOT NULL,\n"
            + "  " + payment + ",\n"
            + "  status TEXT NOT NULL CHECK (status IN ('PRELIMINARY', 'OPEN', 'PAID')),\n"
            + "  currency TEXT NOT NULL,\n"
            + "  total_minor " + big + " NOT NULL,\n"
            + "  due_date TEXT,\n"
            + "  note TEXT NOT NULL,\n"
            + "  card_attempts INTEGER NOT NULL,\n"
            + "  created_at_ns " + big + " NOT NULL,\n"
            + "  PRIMARY KEY (account, month, payment))",
        "INSERT INTO shop_payment_bill (account, month, payment, status, currency, total_minor, due_date, note, "
            + "card_attempts, created_at_ns) SELECT account, month, payment, status, currency, total_minor, due_date, "
            + "note, card_attempts, created_at_ns FROM shop_bill",
        "CREATE TABLE shop_payment_bill_line (\n"
            + "  account TEXT NOT NULL,\n"
            + "  month TEXT NOT NULL,\n"
            + "  " + payment + ",\n"
            + "  position INTEGER NOT NULL,\n"
            + "  line_id TEXT NOT NULL,\n"
            + "  kind TEXT NOT NULL CHECK (kind IN ('ONE_TIME', 'RECURRING', 'USAGE')),\n"
            + "  description TEXT NOT NULL,\n"
            + "  order_id TEXT,\n"
            + "  from_ns " + big + " NOT NULL,\n"
            + "  to_ns " + big + " NOT NULL,\n"
            + "  currency TEXT NOT NULL,\n"
            + "  amount_minor " + big + " NOT NULL,\n"
            + "  PRIMARY KEY (account, month, payment, position),\n"
            + "  UNIQUE (account, month, payment, line_id),\n"
            + "  FOREIGN KEY (account, month, payment) REFERENCES shop_payment_bill (account, month, payment))",
        "INSERT INTO shop_payment_bill_line (account, month, payment, position, line_id, kind, description, order_id, "
            + "from_ns, to_ns, currency, amount_minor) SELECT l.account, l.month, b.payment, l.position, l.line_id, "
            + "l.kind, l.description, l.order_id, l.from_ns, l.to_ns, l.currency, l.amount_minor "
            + "FROM shop_bill_line l JOIN shop_bill b ON b.account = l.account AND b.month = l.month",
        "DROP TABLE shop_bill_line",
        "DROP TABLE shop_bill"));
    statements.addAll(postgres
        ? List.of("""
            CREATE TRIGGER shop_payment_bill_line_append_only BEFORE UPDATE OR DELETE ON shop_payment_bill_line
            FOR EACH ROW EXECUTE FUNCTION shop_bill_line_append_only()""")
        : List.of("""
            CREATE TRIGGER shop_payment_bill_line_no_update BEFORE UPDATE ON shop_payment_bill_line
            BEGIN SELECT RAISE(ABORT, 'bill lines never change'); END""", """
            CREATE TRIGGER shop_payment_bill_line_no_delete BEFORE DELETE ON shop_payment_bill_line
            BEGIN SELECT RAISE(ABORT, 'bill lines never change'); END"""));
    return new Migration(BILLS_PER_PAYMENT, "one final bill per account, month and payment choice", List.copyOf(statements));
  }
}
