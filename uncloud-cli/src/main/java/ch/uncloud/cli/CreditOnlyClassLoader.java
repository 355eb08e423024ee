package ch.uncloud.cli;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Set;

/**
 * The class loader the credit commands discover providers with: it hides the optional SPIs
 * (payments, snapshots, server ordering) from {@link java.util.ServiceLoader}, so that the OVH
 * provider this jar carries for {@code uncloud ovh} is not created (and does not demand its
 * {@code uncloud.ovh.*} keys) when only the credit service is wanted. Everything else is delegated.
 */
final class CreditOnlyClassLoader extends ClassLoader {
  private static final Set<String> HIDDEN = Set.of(
      "META-INF/services/ch.uncloud.spi.PaymentGatewayProvider",
      "META-INF/services/ch.uncloud.spi.SnapshotStoreProvider",
      "META-INF/services/ch.uncloud.spi.ServerOrderingProvider");

  static {
    registerAsParallelCapable();
  }

  CreditOnlyClassLoader(ClassLoader parent) {
    super("uncloud-credit-only", parent);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    return HIDDEN.contains(name) ? Collections.emptyEnumeration() : super.getResources(name);
  }

  @Override
  public URL getResource(String name) {
    return HIDDEN.contains(name) ? null : super.getResource(name);
  }
}
