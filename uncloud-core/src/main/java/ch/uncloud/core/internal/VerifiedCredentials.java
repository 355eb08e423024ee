package ch.uncloud.core.internal;

import ch.uncloud.api.Secret;
import ch.uncloud.api.credit.AdminSession;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers recently verified admin passwords as keyed HMACs (never the passwords), so one-shot
 * calls with raw credentials skip the slow hash on repeat. Thread-safe; entries expire.
 */
public final class VerifiedCredentials {
  private static final int MAX_ENTRIES = 10_000;

  private record Entry(byte[] mac, AdminSession session, Instant expiresAt) {}

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final SecretKeySpec key;
  private final Clock clock;
  private final Duration ttl;
  private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

  public VerifiedCredentials(Clock clock, Duration ttl) {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    this.key = new SecretKeySpec(random, "HmacSHA256");
    this.clock = clock;
    this.ttl = ttl;
  }

  /**
   * @return the cached session if this exact password was verified recently, else {@code null}
   */
  AdminSession lookup(String admin, Secret password) {
    Entry entry = entries.get(admin);
    if (entry == null) {
      return null;
    }
    Instant now = clock.instant();
    if (!now.isBefore(entry.expiresAt) || !now.isBefore(entry.session.expiresAt())) {
      entries.remove(admin, entry);
      return null;
    }
    return MessageDigest.isEqual(entry.mac, mac(admin, password)) ? entry.session : null;
  }

  void remember(String admin, Secret password, AdminSession session) {
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
    entries.put(admin, new Entry(mac(admin, password), session, clock.instant().plus(ttl)));
  }

  private byte[] mac(String admin, Secret password) {
    Mac mac = macs.get();
    mac.update(admin.getBytes(StandardCharsets.UTF_8));
    mac.update((byte) 0);
    return mac.doFinal(password.reveal().getBytes(StandardCharsets.UTF_8));
  }

  /** A keyed HMAC per thread: looking the algorithm up for each request costs more than the HMAC. */
  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
