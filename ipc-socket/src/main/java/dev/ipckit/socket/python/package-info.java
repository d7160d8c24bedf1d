/**
 * CPython's own {@code multiprocessing.connection} wire, so that a JVM and CPython processes exchange
 * messages: {@link dev.ipckit.socket.python.PythonListener} accepts CPython's {@code Client},
 * {@link dev.ipckit.socket.python.PythonClient} connects to CPython's {@code Listener}. The authkey
 * handshake is CPython's, in its 3.12+ form and its legacy HMAC-MD5 form; messages are bytes, never pickles.
 */
package dev.ipckit.socket.python;
