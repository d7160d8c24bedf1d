/**
 * The {@link dev.ipckit.Serializer}s ipckit ships: Kryo (the default), Java serialization behind an
 * {@link java.io.ObjectInputFilter}, and raw bytes; {@link dev.ipckit.serial.Serializers} picks one by name.
 * Each is thread-safe and carries only its configuration when it is itself serialized to a child.
 */
package dev.ipckit.serial;
