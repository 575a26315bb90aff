/** The HTTP adapter. */
package dev.qrly.server;
