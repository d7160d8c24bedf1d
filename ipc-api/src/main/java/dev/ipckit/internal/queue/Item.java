package dev.ipckit.internal.queue;

/**
 * A queued item, kept as the putter serialized it; only the getter deserializes it.
 *
 * @param codec the serializer id
 * @param bytes the serialized item
 */
public record Item(byte codec, byte[] bytes) {
}
