/** A throwaway PostgreSQL from zonky's Maven-shipped binaries, for tests and benchmarks (not for data). */
package ch.uncloud.testservers.postgres;
