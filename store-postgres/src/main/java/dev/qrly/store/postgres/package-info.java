/** The scale-out store on PostgreSQL: every store port, shared by any number of instances. */
package dev.qrly.store.postgres;
