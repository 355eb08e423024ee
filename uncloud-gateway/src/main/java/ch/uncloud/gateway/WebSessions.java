package ch.uncloud.gateway;

import ch.uncloud.api.Username;
import ch.uncloud.api.credit.AdminSession;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The logins of the web pages: an unguessable id per login (kept in a cookie), what it may do (a person's
 * own account, or an admin's session with the core), and the CSRF token of its forms. A session id is
 * only ever one this store issued at a successful login: an id the client brings along is never adopted,
 * so a session cannot be fixed in advance. Sessions end after {@link PageSettings#sessionIdle()} without
 * a request, {@link PageSettings#sessionMax()} after the login, when the admin's core session expires, or
 * at logout. At most {@value #MAX_SESSIONS} are kept; beyond that the least recently used ends. Thread-safe.
 */
final class WebSessions {
  static final int MAX_SESSIONS = 10_000;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final Map<String, WebSession> sessions = new ConcurrentHashMap<>();
  private final byte[] csrfKey = new byte[32];
  private final PageSettings settings;
  private final Clock clock;

  WebSessions(PageSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    RANDOM.nextBytes(csrfKey);
  }

  /** Who a session belongs to: a person (their own account) or an admin (with the core's session). */
  static final class WebSession {
    private final String id;
    private final Username person;
    private final AdminSession admin;
    private final Instant created;
    private volatile Instant lastSeen;
    private volatile String flash;
    private volatile boolean flashIsError;

    private WebSession(String id, Username person, AdminSession admin, Instant created) {
      this.id = id;
      this.person = person;
      this.admin = admin;
      this.created = created;
      this.lastSeen = created;
    }

    String id() {
      return id;
    }

    /** @return the person, or {@code null} for an admin's session */
    Username person() {
      return person;
    }

    /** @return the admin's core session, or {@code null} for a person's */
    AdminSession admin() {
      return admin;
    }

    boolean isAdmin() {
      return admin != null;
    }

    /** @return who is logged in, as shown in the page's header */
    String name() {
      return admin != null ? admin.admin() : person.value();
    }

    /** Keeps a message for the next page shown (after a form's redirect). */
    void flash(String message, boolean error) {
      this.flash = message;
      this.flashIsError = error;
    }

    /** @return the message kept for this page, once, and whether it reports an error */
    Optional<Map.Entry<String, Boolean>> takeFlash() {
      String message = flash;
      flash = null;
      return message == null ? Optional.empty() : Optional.of(Map.entry(message, flashIsError));
    }

    @Override
    public String toString() {
      return "WebSession[" + name() + "]"; // never the id
    }
  }

  /**
   * @param person the person who logged in
   * @return a new session with a new id
   */
  WebSession loginPerson(Username person) {
    return add(new WebSession(newId(), person, null, clock.instant()));
  }

  /**
   * @param admin the admin's session with the core
   * @return a new session with a new id
   */
  WebSession loginAdmin(AdminSession admin) {
    return add(new WebSession(newId(), null, admin, clock.instant()));
  }

  private WebSession add(WebSession session) {
    if (sessions.size() >= MAX_SESSIONS) {
      removeExpired();
      while (sessions.size() >= MAX_SESSIONS) {
        sessions.values().stream().min(Comparator.comparing(s -> s.lastSeen))
            .ifPresent(oldest -> sessions.remove(oldest.id));
      }
    }
    sessions.put(session.id, session);
    return session;
  }

  /**
   * @param id the id from the cookie, or {@code null}
   * @return the live session it names (its idle time restarts), or empty
   */
  Optional<WebSession> find(String id) {
    if (id == null) {
      return Optional.empty();
    }
    WebSession session = sessions.get(id);
    if (session == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (expired(session, now)) {
      sessions.remove(id);
      return Optional.empty();
    }
    session.lastSeen = now;
    return Optional.of(session);
  }

  /** Ends a session (logout); its id is never accepted again. */
  void end(WebSession session) {
    sessions.remove(session.id);
  }

  /** @return how many sessions are live (tests) */
  int size() {
    return sessions.size();
  }

  private boolean expired(WebSession s, Instant now) {
    return now.isAfter(s.lastSeen.plus(settings.sessionIdle())) || now.isAfter(s.created.plus(settings.sessionMax()))
        || (s.admin != null && !now.isBefore(s.admin.expiresAt()));
  }

  private void removeExpired() {
    Instant now = clock.instant();
    sessions.values().removeIf(s -> expired(s, now));
  }

  /** @return a new random id for a session or a login form (256 bits) */
  static String newId() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return B64.encodeToString(bytes);
  }

  /**
   * @param purpose what the token protects ({@code session} or {@code login})
   * @param id the session's id, or the login form's cookie
   * @return the CSRF token of that session's forms: derived from its id with a key of this process
   */
  String csrfToken(String purpose, String id) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(csrfKey, "HmacSHA256"));
      return B64.encodeToString(mac.doFinal((purpose + ":" + id).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  /**
   * @param purpose what the token protects
   * @param id the session's id or the login form's cookie, or {@code null}
   * @param token the token the form sent, or {@code null}
   * @return whether it is the right one (compared in constant time)
   */
  boolean csrfMatches(String purpose, String id, String token) {
    if (id == null || token == null) {
      return false;
    }
    return MessageDigest.isEqual(csrfToken(purpose, id).getBytes(StandardCharsets.US_ASCII),
        token.getBytes(StandardCharsets.US_ASCII));
  }

  /** @return how long a session may be idle, for the cookie's lifetime */
  Duration idle() {
    return settings.sessionIdle();
  }
}
