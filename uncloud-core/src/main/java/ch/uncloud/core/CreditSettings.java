package ch.uncloud.core;

import ch.uncloud.api.Secret;
import ch.uncloud.api.credit.QuotaGrant;
import ch.uncloud.api.credit.ServiceDefinition;
import ch.uncloud.api.shop.Catalog;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Currency;

/**
 * The settings that the credit service's configuration keys ({@code uncloud.currency},
 * {@code uncloud.admins}, {@code uncloud.services}, ...) can set. {@link UncloudBuilder} is the one
 * implementation; reading the keys needs only this view of it.
 */
public interface CreditSettings {

  /**
   * @param catalog the shop's products
   * @return these settings
   */
  CreditSettings catalog(Catalog catalog);

  /**
   * @param currency the currency of every balance
   * @return these settings
   */
  CreditSettings currency(Currency currency);

  /**
   * @param zone the zone settlement quarters are counted in
   * @return these settings
   */
  CreditSettings zone(ZoneId zone);

  /**
   * @param name an admin's name
   * @param password the admin's password
   * @return these settings
   */
  CreditSettings admin(String name, Secret password);

  /**
   * @param name an admin's name
   * @param hash the admin's stored password hash
   * @return these settings
   */
  CreditSettings admin(String name, PasswordHash hash);

  /**
   * @param group the directory group whose members are admins
   * @return these settings
   */
  CreditSettings directoryAdmins(String group);

  /**
   * @param names admins who may read every account without owning a service
   * @return these settings
   */
  CreditSettings readers(String... names);

  /**
   * @param service a service to register
   * @return these settings
   */
  CreditSettings service(ServiceDefinition service);

  /**
   * @param ttl how long an admin session stays valid
   * @return these settings
   */
  CreditSettings sessionTtl(Duration ttl);

  /**
   * @param ttl how long a lock flag read from the directory is trusted
   * @return these settings
   */
  CreditSettings lockFlagTtl(Duration ttl);

  /**
   * @param interval how often the lock flags are reconciled after the first run at start
   * @return these settings
   */
  CreditSettings lockReconcileInterval(Duration interval);

  /**
   * @param account an account, in the directory's spelling
   * @param amount how far below zero charges may take it, e.g. {@code "20.00"}
   * @return these settings
   */
  CreditSettings creditLimit(String account, String amount);

  /**
   * @param amount how far below zero charges may take an account that has no limit of its own
   * @return these settings
   */
  CreditSettings defaultCreditLimit(String amount);

  /**
   * @param grant a quota grant: an allowance booked into the quota pots of a group's members once per period
   * @return these settings
   */
  CreditSettings quotaGrant(QuotaGrant grant);

  /**
   * @param interval how often the gateway runs the quota grants for the current period; {@code null}: never
   * @return these settings
   */
  CreditSettings quotaSchedule(QuotaInterval interval);
}
