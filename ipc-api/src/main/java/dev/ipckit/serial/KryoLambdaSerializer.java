package dev.ipckit.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;

/**
 * Serializable lambdas in a Kryo graph, in the wire format of Kryo's {@code ClosureSerializer}. Kryo's own
 * first tries to open {@code SerializedLambda}'s private members, which Java 17 refuses, and logs a warning
 * with a stack trace for every instance; this one only uses the lambda's {@code writeReplace} and the
 * capturing class's {@code $deserializeLambda$}, both in the user's code. The captured-argument count is
 * checked against the bytes left before it sizes an array.
 */
final class KryoLambdaSerializer extends Serializer<Object> {

    @Override
    public void write(Kryo kryo, Output output, Object lambda) {
        SerializedLambda form = serializedForm(lambda);
        output.writeVarInt(form.getCapturedArgCount(), true);
        for (int i = 0; i < form.getCapturedArgCount(); i++) {
            kryo.writeClassAndObject(output, form.getCapturedArg(i));
        }
        kryo.writeClass(output, capturingClass(kryo, lambda, form));
        output.writeString(form.getFunctionalInterfaceClass());
        output.writeString(form.getFunctionalInterfaceMethodName());
        output.writeString(form.getFunctionalInterfaceMethodSignature());
        output.writeVarInt(form.getImplMethodKind(), true);
        output.writeString(form.getImplClass());
        output.writeString(form.getImplMethodName());
        output.writeString(form.getImplMethodSignature());
        output.writeString(form.getInstantiatedMethodType());
    }

    @Override
    @SuppressWarnings("rawtypes") // Kryo's signature
    public Object read(Kryo kryo, Input input, Class type) {
        KryoGuards.requireCount(input, 0);
        Object[] captured = new Object[input.readVarInt(true)];
        for (int i = 0; i < captured.length; i++) {
            captured[i] = kryo.readClassAndObject(input);
        }
        Class<?> capturingClass = kryo.readClass(input).getType();
        SerializedLambda form = new SerializedLambda(capturingClass, input.readString(), input.readString(),
                input.readString(), input.readVarInt(true), input.readString(), input.readString(),
                input.readString(), input.readString(), captured);
        try {
            // What SerializedLambda.readResolve does; the compiler checks the form against the lambdas it made.
            Method deserialize = capturingClass.getDeclaredMethod("$deserializeLambda$", SerializedLambda.class);
            deserialize.setAccessible(true);
            return deserialize.invoke(null, form);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new KryoException("lambda decode failed, capturingClass=" + capturingClass.getName()
                    + ", implMethod=" + form.getImplMethodName(), e);
        }
    }

    private static SerializedLambda serializedForm(Object lambda) {
        try {
            Method writeReplace = lambda.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            return (SerializedLambda) writeReplace.invoke(lambda);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new KryoException("lambda encode failed: not a serializable lambda, class="
                    + lambda.getClass().getName(), e);
        }
    }

    private static Class<?> capturingClass(Kryo kryo, Object lambda, SerializedLambda form) {
        String name = form.getCapturingClass().replace('/', '.');
        ClassLoader loader = lambda.getClass().getClassLoader();
        try {
            return Class.forName(name, false, loader != null ? loader : kryo.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new KryoException("lambda encode failed: capturing class not found, class=" + name, e);
        }
    }
}
