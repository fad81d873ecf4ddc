package com.callimport.connections;

import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connector.CallSource;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenewingCallSourceTest {

    /**
     * A default method the wrapper does not forward silently replaces the connector's own answer with the interface's
     * fallback (e.g. one call-log read per notice instead of one for a burst), so every method must be forwarded.
     */
    @Test
    void forwardsEveryMethodOfTheConnectorsSourceRatherThanFallingBackToTheInterfacesDefault() {
        List<String> notForwarded = Arrays.stream(CallSource.class.getMethods())
                .filter(method -> !Modifier.isStatic(method.getModifiers()))
                .filter(method -> !declaredBy(RenewingCallSource.class, method))
                .map(Method::getName)
                .toList();
        assertThat(notForwarded).as("CallSource methods RenewingCallSource leaves to the interface's default").isEmpty();
    }

    private static boolean declaredBy(Class<?> type, Method method) {
        try {
            return type.getDeclaredMethod(method.getName(), method.getParameterTypes()) != null;
        } catch (NoSuchMethodException absent) {
            return false;
        }
    }
}
