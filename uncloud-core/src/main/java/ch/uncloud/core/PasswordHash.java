package ch.uncloud.core;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted, slow password hash (PBKDF2 with HMAC-SHA256), stored as text of the form
 * {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (salt and hash in Base64). Checking compares in
 * constant time. Immutable and thread-safe.
 */
public final class PasswordHash {
  /** Iterations for new hashes, following OWASP's guidance for PBKDF2-HMAC-SHA256. */
  public static final int DEFAULT_ITERATIONS = 600_000;
  private static final String SCHEME = "pbkdf2-sha256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final int iterations;
  private final byte[] salt;
  private final byte[] hash;

  private PasswordHash(int iterations, byte[] salt, byte[] hash) {
    this.iterations = iterations;
    this.salt = salt;
    this.hash = hash;
  }

  /**
   * @param password the password
   * @return a new hash with a random salt and {@link #DEFAULT_ITERATIONS}
   */
  public static PasswordHash create(Secret password) {
    return create(password, DEFAULT_ITERATIONS);
  }

  /**
   * @param password the password
   * @param iterations PBKDF2 iterations, at least 1,000
   * @return a new hash with a random salt
   */
  public static PasswordHash create(Secret password, int iterations) {
    if (iterations < 1_000) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "a password hash needs at least 1000 iterations");
    }
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return new PasswordHash(iterations, salt, derive(password, salt, iterations));
  }

  /**
   * @param encoded text made by {@link #encoded()}
   * @return the hash
   * @throws InvalidRequestException ({@code invalid_argument}) if the text is not such a hash
   */
  public static PasswordHash parse(String encoded) {
    String[] parts = Objects.requireNonNull(encoded, "encoded").split("\\$");
    try {
      if (parts.length != 4 || !parts[0].equals(SCHEME)) {
        throw new IllegalArgumentException("wrong scheme or parts");
      }
      int iterations = Integer.parseInt(parts[1]);
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] hash = Base64.getDecoder().decode(parts[3]);
      if (iterations < 1_000 || salt.length < 8 || hash.length != HASH_BITS / 8) {
        throw new IllegalArgumentException("weak parameters");
      }
      return new PasswordHash(iterations, salt, hash);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "password hash is not of the form " + SCHEME
          + "$ITERATIONS$SALT$HASH; create one with `uncloud hash-password`", e);
    }
  }

  /**
   * Checks a password; slow on purpose (as slow as creating the hash).
   *
   * @param password the candidate
   * @return whether it matches
   */
  public boolean matches(Secret password) {
    return MessageDigest.isEqual(hash, derive(password, salt, iterations));
  }

  /**
   * @return the PBKDF2 iteration count, which fixes how long a check takes
   */
  public int iterations() {
    return iterations;
  }

  /**
   * @return the storable text form
   */
  public String encoded() {
    Base64.Encoder b64 = Base64.getEncoder();
    return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
  }

  /**
   * @return the scheme and iterations only; the hash itself stays out of logs
   */
  @Override
  public String toString() {
    return "PasswordHash[" + SCHEME + ", " + iterations + " iterations]";
  }

  private static byte[] derive(Secret password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password.reveal().toCharArray(), salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JVM", e);
    } finally {
      spec.clearPassword();
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
