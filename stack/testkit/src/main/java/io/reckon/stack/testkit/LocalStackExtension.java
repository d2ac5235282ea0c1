package io.reckon.stack.testkit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives an integration test the running local stack: {@code @ExtendWith(LocalStackExtension.class)} and a
 * {@link StackEndpoints} parameter. It is the suite's own stack ({@code .reckon-it}, its own ports), started
 * once per build and stopped when the build ends, or one named with {@code -Dreckon.it.stack}; never the user's.
 * See {@link StackHandle}. Tests isolate themselves on it with {@link StackEndpoints#uniqueName} or, to drive whole
 * commands, {@link StackEndpoints#newPipeline}.
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
        // The root store outlives every test class: one handle per test JVM.
        return context.getRoot().getStore(NS).getOrComputeIfAbsent(StackHandle.class, k -> StackHandle.acquire(),
                StackHandle.class);
    }
}
