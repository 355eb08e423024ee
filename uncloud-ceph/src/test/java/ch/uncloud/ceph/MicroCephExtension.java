package ch.uncloud.ceph;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one {@link MicroCeph} cluster for the whole test run (the first class that needs it starts
 * it; JUnit stops it when the run ends) and injects it as a parameter. If it cannot start, tests fail
 * when the environment variable {@code CI} is {@code true}, and are skipped with instructions
 * otherwise.
 */
public final class MicroCephExtension implements BeforeAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MicroCephExtension.class);

  /** Created by JUnit ({@code @ExtendWith(MicroCephExtension.class)}). */
  public MicroCephExtension() {
    // stateless: the cluster lives in the root store
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    cluster(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == MicroCeph.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return cluster(context);
  }

  private static MicroCeph cluster(ExtensionContext context) {
    Object started = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("cluster", k -> {
      try {
        return MicroCeph.start();
      } catch (Exception | LinkageError e) {
        return new Failure(e);
      }
    });
    if (started instanceof Failure failure) {
      String message = "the one-node Ceph cluster for the uncloud-ceph tests did not start: " + failure.cause
          + "\nTo run these tests: as root (or with passwordless sudo) on Debian/Ubuntu, install "
          + "ceph-mon ceph-osd ceph-common librados2 librbd1 uuid-runtime (micro-ceph.sh installs them if missing), "
          + "or point UNCLOUD_MICRO_CEPH at micro-ceph.sh; then run ./mvnw -pl uncloud-ceph -am verify";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException(message, failure.cause);
      }
      Assumptions.abort(message);
    }
    return (MicroCeph) started;
  }

  private record Failure(Throwable cause) {}
}
