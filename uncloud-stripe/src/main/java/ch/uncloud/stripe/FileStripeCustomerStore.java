package ch.uncloud.stripe;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.Username;
import ch.uncloud.api.payments.PaymentMethod;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * A {@link StripeCustomerStore} in a properties file, rewritten atomically on every change, so an
 * account keeps its Stripe customer across restarts without a database. Meant for one process;
 * thread-safe within it.
 *
 * <p>Lines: {@code customer.<account>=cus_...} and {@code cards.<account>=pm_...|visa|4242|12|2030|default;...},
 * the account base64url-encoded.
 */
public final class FileStripeCustomerStore implements StripeCustomerStore {
  private final Path file;
  private final Properties values = new Properties();

  private FileStripeCustomerStore(Path file) {
    this.file = file;
  }

  /**
   * @param file the store's file; created on the first change
   * @return a store over it
   * @throws ConfigurationException if the file exists but cannot be read
   */
  public static FileStripeCustomerStore open(Path file) {
    FileStripeCustomerStore store = new FileStripeCustomerStore(file.toAbsolutePath());
    if (Files.exists(file)) {
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        store.values.load(in);
      } catch (IOException | IllegalArgumentException e) {
        throw new ConfigurationException("cannot read the Stripe customer store " + file
            + ": check uncloud.stripe.customer-store-file and the file's permissions", e);
      }
    }
    return store;
  }

  @Override
  public synchronized Optional<String> customerId(Username account) {
    return Optional.ofNullable(values.getProperty("customer." + key(account)));
  }

  @Override
  public synchronized void saveCustomerId(Username account, String customerId) {
    values.setProperty("customer." + key(account), customerId);
    write();
  }

  @Override
  public synchronized List<PaymentMethod> cards(Username account) {
    String text = values.getProperty("cards." + key(account));
    List<PaymentMethod> out = new ArrayList<>();
    if (text == null || text.isEmpty()) {
      return out;
    }
    for (String card : text.split(";")) {
      String[] f = card.split("\\|");
      out.add(new PaymentMethod(f[0], f[1], f[2], Integer.parseInt(f[3]), Integer.parseInt(f[4]), "default".equals(f[5])));
    }
    return out;
  }

  @Override
  public synchronized void saveCards(Username account, List<PaymentMethod> cards) {
    List<String> parts = new ArrayList<>();
    for (PaymentMethod c : cards) {
      parts.add(String.join("|", c.id(), c.brand().replace("|", "").replace(";", ""), c.last4(),
          Integer.toString(c.expMonth()), Integer.toString(c.expYear()), c.isDefault() ? "default" : "-"));
    }
    values.setProperty("cards." + key(account), String.join(";", parts));
    write();
  }

  private static String key(Username account) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(account.value().getBytes(StandardCharsets.UTF_8));
  }

  private void write() {
    try {
      Path dir = file.getParent();
      Files.createDirectories(dir);
      Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        values.store(out, "uncloud: Stripe customers and saved cards (ids, brand, last 4 digits, expiry only)");
      }
      try {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new ProviderUnavailableException("cannot write the Stripe customer store " + file
          + ": check free disk space and the permissions of its directory", e);
    }
  }
}
