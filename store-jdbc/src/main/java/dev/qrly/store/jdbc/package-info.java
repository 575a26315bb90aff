/** What every JDBC store shares: the schema migrations tool. */
package dev.qrly.store.jdbc;
