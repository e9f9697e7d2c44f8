package io.hardmax.eval.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine a benchmark ran on.
 *
 * @param cpuModel   CPU model name from /proc/cpuinfo ("unknown" elsewhere)
 * @param cores      processors available to the JVM
 * @param maxHeapMb  the JVM's maximum heap
 * @param java       Java version and vendor
 * @param os         operating system and architecture
 */
public record Machine(String cpuModel, int cores, long maxHeapMb, String java, String os) {

  /** Describes the current machine. */
  public static Machine current() {
    String model = "unknown";
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
      for (String l : lines) {
        if (l.startsWith("model name")) {
          model = l.substring(l.indexOf(':') + 1).strip();
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      model = "unknown";
    }
    Runtime rt = Runtime.getRuntime();
    return new Machine(model, rt.availableProcessors(), rt.maxMemory() / (1024 * 1024),
        System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
        System.getProperty("os.name") + " " + System.getProperty("os.arch"));
  }

  /** One line for reports. */
  public String describe() {
    return cores + " cores, " + cpuModel + ", Java " + java + ", max heap " + maxHeapMb + " MB";
  }

  public ObjectNode toJson(ObjectMapper mapper) {
    return mapper.createObjectNode().put("cpu", cpuModel).put("cores", cores).put("max_heap_mb", maxHeapMb)
        .put("java", java).put("os", os);
  }
}
