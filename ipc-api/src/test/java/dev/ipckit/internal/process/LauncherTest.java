package dev.ipckit.internal.process;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher names the child's main class rather than referencing it: the name must stay true. */
class LauncherTest {
    @Test
    void shouldNameAChildMainClassThatExistsWithAStaticMain() throws Exception {
        Method main = Class.forName(Launcher.CHILD_MAIN).getMethod("main", String[].class);
        assertTrue(Modifier.isStatic(main.getModifiers()), main.toString());
    }
}
