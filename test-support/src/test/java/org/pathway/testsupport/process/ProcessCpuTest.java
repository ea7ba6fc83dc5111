package org.pathway.testsupport.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessCpuTest {

  @Test
  void aProcessThatWorksShowsMoreCpuThanBefore() {
    // given this JVM's CPU so far, read both ways
    long pid = ProcessHandle.current().pid();
    long before = ProcessCpu.thisJvmNanos();
    long beforeByPid = ProcessCpu.ofProcess(pid);

    // when it works for a while
    long sum = 0;
    for (long end = System.nanoTime() + 200_000_000L; System.nanoTime() < end; ) {
      sum += Long.numberOfTrailingZeros(System.nanoTime());
    }

    // then both readings grew
    assertThat(sum).isPositive();
    assertThat(ProcessCpu.thisJvmNanos()).isGreaterThan(before);
    assertThat(ProcessCpu.ofProcess(pid)).isGreaterThan(beforeByPid);
  }

  @Test
  void aProcessThatIsGoneHasNoCpu() {
    // given a pid no process can have (above Linux's pid_max ceiling)
    // then it reads as nothing, not an error
    assertThat(ProcessCpu.ofProcess(4_194_305L)).isZero();
  }
}
