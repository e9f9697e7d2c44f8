package io.hardmax.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupAccuracyTest {
  @Test
  void countsPerGroupInOrderOfFirstAppearanceAndAddUp() {
    List<String> g = Arrays.asList("b", "a", "b", null, "a", "b");
    boolean[] ok = {true, false, true, true, true, false};
    boolean[] no = {false, false, true, false, true, true};
    List<GroupAccuracy> r = GroupAccuracy.compute(g, ok, no);
    assertThat(r).containsExactly(new GroupAccuracy("b", 3, 2, 2), new GroupAccuracy("a", 2, 1, 1),
        new GroupAccuracy(GroupAccuracy.NONE, 1, 1, 0));
    assertThat(r.get(0).accuracy()).isEqualTo(2 / 3.0);
    assertThat(r.get(2).accuracyWithoutAttention()).isZero();
    assertThat(r.stream().mapToInt(GroupAccuracy::count).sum()).isEqualTo(6);
    assertThat(r.stream().mapToInt(GroupAccuracy::correct).sum()).isEqualTo(4);
  }

  @Test
  void noGroupsGiveNoTableAndTheEmptyInputToo() {
    assertThat(GroupAccuracy.compute(Arrays.asList(null, null), new boolean[2], new boolean[2])).isEmpty();
    assertThat(GroupAccuracy.compute(List.of(), new boolean[0], new boolean[0])).isEmpty();
  }

  @Test
  void rejectsMismatchedLengthsAndImpossibleCounts() {
    assertThatThrownBy(() -> GroupAccuracy.compute(List.of("a"), new boolean[2], new boolean[1]))
        .hasMessage("groups, correct and correctNoAttention differ in length: 1, 2, 1");
    assertThatThrownBy(() -> new GroupAccuracy("a", 2, 3, 0)).hasMessageContaining("group a");
  }
}
