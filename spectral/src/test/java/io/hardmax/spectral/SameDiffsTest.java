package io.hardmax.spectral;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SameDiffsTest {

  @Test
  void gradientsBuiltQuietlyLeaveStdoutCleanAndStillWork() {
    PrintStream keep = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    Map<String, INDArray> g;
    try {
      SameDiff sd = SameDiff.create();
      SDVariable x = sd.placeHolder("x", DataType.DOUBLE, -1, 2);
      SDVariable w = sd.var("w", Nd4j.createFromArray(new double[][] {{1.0}, {2.0}}));
      SDVariable loss = x.mmul(w).mul(x.mmul(w)).sum();
      loss.rename("loss");
      sd.setLossVariables("loss");
      SameDiffs.createGradientsQuietly(sd);
      g = sd.calculateGradients(Map.of("x", Nd4j.createFromArray(new double[][] {{1.0, 3.0}})), "w");
    } finally {
      System.setOut(keep);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(System.out).isSameAs(keep);
    // loss = (x w)^2 with x w = 7: d/dw = 2 * 7 * x = (14, 42)
    assertThat(g.get("w").toDoubleVector()).containsExactly(14.0, 42.0);
  }
}
