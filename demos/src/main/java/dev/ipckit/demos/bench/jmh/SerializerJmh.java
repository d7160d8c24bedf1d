package dev.ipckit.demos.bench.jmh;

import dev.ipckit.Serializer;
import dev.ipckit.serial.Serializers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * Encode and decode time of one value with one serializer, in ns per operation. The parameters are set by
 * {@code bench serializer}: {@code raw} takes only the byte array.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SerializerJmh {
    /** {@code kryo}, {@code fory}, {@code java} or {@code raw}. */
    @Param({"kryo"})
    public String serializer;

    /** One of {@link Shapes#NAMES}. */
    @Param({"small"})
    public String shape;

    private Serializer codec;
    private Object value;
    private byte[] encoded;

    /** Builds the serializer, the value and its encoding once per trial. */
    @Setup
    public void setUp() {
        codec = Serializers.byName(serializer);
        codec.warmUp();
        value = Shapes.make(shape);
        encoded = codec.encode(value);
    }

    /** @return the value's bytes (returned, so that JMH keeps the work) */
    @Benchmark
    public byte[] encode() {
        return codec.encode(value);
    }

    /** @return the value decoded from its bytes */
    @Benchmark
    public Object decode() {
        return codec.decode(encoded);
    }
}
