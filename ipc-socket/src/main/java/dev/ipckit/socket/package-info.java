/**
 * The socket transport: frames over TCP with Netty, on loopback by default, each connection proving the
 * parent's authkey both ways (HMAC-SHA256 challenge–response) before any frame is read. Users only add
 * the module and pick {@code Ipc.context("socket")}; the options are system properties named in
 * {@link dev.ipckit.socket.SocketOptions}.
 */
package dev.ipckit.socket;
