/** The embedded store on SQLite. */
package dev.qrly.store.sqlite;
