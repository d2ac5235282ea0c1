package io.reckon.stack.testkit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives an integration test the running local stack: {@code @ExtendWith(LocalStackExtension.class)} and a
 * {@link StackEndpoints} parameter. The stack starts once per test JVM (or an already running one is reused)
 * and is stopped when the last test of the run has finished, unless it was running before.
 */
public final class LocalStackExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LocalStackExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        handle(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == StackEndpoints.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return handle(context).endpoints();
    }

    private static StackHandle handle(ExtensionContext context) {
        // The root store outlives every test class; it closes the handle (stopping the stack) at the very end.
        return context.getRoot().getStore(NS).getOrComputeIfAbsent(StackHandle.class, k -> StackHandle.acquire(),
                StackHandle.class);
    }
}
