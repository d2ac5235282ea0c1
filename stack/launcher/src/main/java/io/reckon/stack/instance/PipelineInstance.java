package io.reckon.stack.instance;

import io.reckon.schemas.definitions.PipelineNames;
import io.reckon.stack.StackException;
import io.reckon.stack.location.StackLocation;
import io.reckon.stack.provision.Provisioner;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * A second pipeline on a running stack ({@code bin/reckon stack instance NAME}): its own topics, Pinot table and Hive
 * database, named after a namespace ({@link PipelineNames#forNamespace}), and its own data directory, whose
 * {@code stack.properties} holds the stack's endpoints and the pipeline's names. Every command run with
 * {@code RECKON_DATA_DIR} set to that directory works on that pipeline alone: its checkpoints, consumer group,
 * transactional ids, nightly state, exports and logs are its own. The integration tests run on such instances;
 * an operator can use one for a staging copy beside the stack's own pipeline.
 */
public final class PipelineInstance {
    public static final String NAMESPACE = "namespace";
    /** The data directory of the stack the instance runs on. */
    public static final String STACK_DATA_DIR = "stack.data.dir";

    private PipelineInstance() {
    }

    /** The default place of an instance's data directory: {@code <stack data dir>/instances/<namespace>}. */
    public static Path defaultDir(Path stackDataDir, String namespace) {
        return stackDataDir.resolve("instances").resolve(namespace);
    }

    /**
     * Provisions the pipeline {@code namespace} on the stack whose data directory is {@code stackDataDir} (it must be
     * up) and writes {@code dir/stack.properties}. Idempotent: run again, it changes nothing.
     */
    public static Path create(Path stackDataDir, String namespace, Path dir, PrintStream out) {
        Properties endpoints = StackLocation.endpoints(stackDataDir);
        if (endpoints.isEmpty()) {
            throw new StackException("no running stack in " + stackDataDir + " (" + StackLocation.endpointsFile(stackDataDir)
                    + " is missing): bin/reckon stack up first");
        }
        PipelineNames names;
        try {
            names = PipelineNames.forNamespace(namespace);
        } catch (IllegalArgumentException e) {
            throw new StackException(e.getMessage());
        }
        Path target = dir.toAbsolutePath().normalize();
        if (target.equals(stackDataDir.toAbsolutePath().normalize())) {
            throw new StackException("an instance needs a data directory of its own, not the stack's " + stackDataDir);
        }
        new Provisioner(Provisioner.Targets.of(endpoints), out).apply(names);
        write(target, instanceProperties(endpoints, names, namespace, stackDataDir, target));
        return target;
    }

    /** The stack's endpoints, with this pipeline's names and data directory instead of the stack's own. */
    static Properties instanceProperties(Properties stack, PipelineNames names, String namespace, Path stackDataDir,
                                         Path dir) {
        Properties p = new Properties();
        p.putAll(stack);
        p.putAll(names.properties());
        p.setProperty(NAMESPACE, namespace);
        p.setProperty("data.dir", dir.toString());
        p.setProperty(STACK_DATA_DIR, stackDataDir.toAbsolutePath().normalize().toString());
        return p;
    }

    private static void write(Path dir, Properties p) {
        Path file = StackLocation.endpointsFile(dir);
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".stack", ".properties");
            try (Writer w = Files.newBufferedWriter(tmp)) {
                p.store(w, "pipeline " + p.getProperty(NAMESPACE) + " on the stack in " + p.getProperty(STACK_DATA_DIR)
                        + "; written by bin/reckon stack instance");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StackException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
