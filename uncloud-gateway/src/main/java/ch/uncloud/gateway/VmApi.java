package ch.uncloud.gateway;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.IdempotencyKey;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.Uncloud;
import ch.uncloud.api.Username;
import ch.uncloud.api.snapshots.Snapshot;
import ch.uncloud.api.snapshots.SnapshotService;
import ch.uncloud.api.snapshots.TakenSnapshot;
import ch.uncloud.gateway.GatewayHandler.Answer;
import jakarta.json.JsonObject;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Request;

/**
 * A person's VMs and their snapshots under {@code /api/v1/vms}: list the VMs, then take, list,
 * protect, unprotect and delete snapshots of one by its UUID. Authenticated and parsed like the
 * rest of the shop ({@link ShopApi}); another person's VM or snapshot answers 404 like a missing one.
 */
final class VmApi {
  /** The first path segment after {@code /api/v1/}. */
  static final String ROOT = "vms";

  private static final Pattern CANONICAL_UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Set<String> CREATE_FIELDS = Set.of("name", "idempotency_key");
  private static final String ROUTES = "use /api/v1/vms, /api/v1/vms/UUID, /api/v1/vms/UUID/snapshots, "
      + "/api/v1/vms/UUID/snapshots/ID, /api/v1/vms/UUID/snapshots/ID/protect or .../unprotect";

  private final Uncloud uncloud;
  private final ShopApi shop;

  VmApi(Uncloud uncloud, ShopApi shop) {
    this.uncloud = uncloud;
    this.shop = shop;
  }

  /**
   * @param request the request
   * @param parts the path after {@code /api/v1/}, split at {@code /}; the first is {@value #ROOT}
   * @param method the HTTP method
   * @return the answer
   */
  Answer route(Request request, String[] parts, String method) {
    if (parts.length == 1) {
      return read(request, method, user -> ShopJson.list("vms", uncloud.vms().list(user).stream().map(VmJson::vm).toList()));
    }
    UUID vmId = vmId(parts[1]);
    if (parts.length == 2) {
      return read(request, method, user -> VmJson.vm(uncloud.vms().get(user, vmId)));
    }
    if (!parts[2].equals("snapshots")) {
      throw noSuchEndpoint(parts);
    }
    if (parts.length == 3) {
      if (method.equals("POST")) {
        return create(request, vmId);
      }
      return read(request, method, user -> ShopJson.list("snapshots", snapshots()
          .list(user, Optional.of(uncloud.vms().get(user, vmId).id())).stream().map(VmJson::snapshot).toList()));
    }
    String snapshotId = parts[3];
    if (snapshotId.isEmpty()) {
      throw noSuchEndpoint(parts);
    }
    if (parts.length == 4) {
      if (method.equals("DELETE")) {
        ShopApi.noQuery(request);
        shop.body(request, Set.of(), false);
        Username user = shop.authenticate(request);
        Snapshot deleted = snapshotOf(user, vmId, snapshotId);
        snapshots().delete(user, deleted.id());
        return GatewayHandler.json(200, VmJson.deleted(deleted));
      }
      return read(request, method, user -> VmJson.snapshot(snapshotOf(user, vmId, snapshotId)));
    }
    if (parts.length == 5 && (parts[4].equals("protect") || parts[4].equals("unprotect"))) {
      GatewayHandler.requireMethod(method, "POST");
      shop.body(request, Set.of(), false);
      Username user = shop.authenticate(request);
      Snapshot snapshot = snapshotOf(user, vmId, snapshotId);
      snapshots().setProtected(user, snapshot.id(), parts[4].equals("protect"));
      return GatewayHandler.json(200, VmJson.snapshot(snapshots().get(user, snapshot.id())));
    }
    throw noSuchEndpoint(parts);
  }

  private Answer create(Request request, UUID vmId) {
    ShopApi.Body body = shop.body(request, CREATE_FIELDS, false);
    String name = body.fields().get("name");
    if (name == null || name.isEmpty()) {
      throw GatewayError.badRequest("missing_field", "the field name is missing; name the snapshot, e.g. before-upgrade");
    }
    String key = ShopApi.idempotencyKey(request, body);
    Username user = shop.authenticate(request);
    TakenSnapshot taken = snapshots().create(user, vmId, name, key == null ? null : IdempotencyKey.of(key));
    Answer answer = GatewayHandler.json(taken.replayed() ? 200 : 201, VmJson.snapshot(taken.snapshot()));
    return taken.replayed() ? answer.withHeaders(Map.of("Idempotent-Replayed", "true")) : answer;
  }

  /** A GET: no query, no body, then the person's own data. */
  private Answer read(Request request, String method, Function<Username, JsonObject> view) {
    GatewayHandler.requireMethod(method, "GET");
    ShopApi.noQuery(request);
    return GatewayHandler.json(200, view.apply(shop.authenticate(request)));
  }

  /** The person's snapshot, if it is one of this VM's; otherwise 404 like a missing one. */
  private Snapshot snapshotOf(Username user, UUID vmId, String snapshotId) {
    Snapshot snapshot = snapshots().get(user, snapshotId);
    if (!snapshot.vmId().equals(vmId)) {
      throw new NotFoundException(ErrorCodes.UNKNOWN_SNAPSHOT, "no snapshot " + snapshotId + " of VM " + vmId
          + " for " + user + "; GET /api/v1/vms/" + vmId + "/snapshots lists them");
    }
    return snapshot;
  }

  private SnapshotService snapshots() {
    return uncloud.snapshots();
  }

  private static UUID vmId(String text) {
    if (!CANONICAL_UUID.matcher(text).matches()) {
      throw GatewayError.badRequest("invalid_argument", "the VM id " + Texts.shown(text) + " is not a UUID such as "
          + "3f2a09c4-5b1e-4c8e-9d62-0a7b1c2d3e4f; GET /api/v1/vms lists yours");
    }
    return UUID.fromString(text);
  }

  private static GatewayError noSuchEndpoint(String[] parts) {
    return new GatewayError(404, "no_such_endpoint", "there is no endpoint "
        + Texts.shown(ShopApi.PREFIX + String.join("/", parts)) + "; " + ROUTES);
  }
}
