// Worked examples of SonarSource's "Cognitive Complexity" white paper,
// rewritten in JavaScript from its rules. Expected value in each comment.

// 7: for +1, nested for +2, nested if +3, labelled continue +1
function sumOfPrimes(max) {
  let total = 0;
  outer: for (let i = 1; i <= max; ++i) {
    for (let j = 2; j < i; ++j) {
      if (i % j === 0) {
        continue outer;
      }
    }
    total += i;
  }
  return total;
}

// 1: the whole switch is one increment
function getWords(number) {
  switch (number) {
    case 1:
      return "one";
    case 2:
      return "a couple";
    case 3:
      return "a few";
    default:
      return "lots";
  }
}

// 0: null-coalescing and optional chaining are shorthand
function label(user) {
  return user?.name ?? "anonymous";
}

// 4: if +1, then one per run of like operators: &&, ||, && → +3
function mixed(a, b, c, d) {
  if (a && b || c && !d) {
    return 1;
  }
  return 0;
}

// 4: if +1, else if +1, else if +1, else +1
function size(n) {
  if (n > 10) {
    return "big";
  } else if (n > 5) {
    return "medium";
  } else if (n > 0) {
    return "small";
  } else {
    return "none";
  }
}

// 2: conditional expression +1, recursion +1
function factorial(n) {
  return n <= 1 ? 1 : n * factorial(n - 1);
}

class Tree {
  // 3: if +1, for +1, recursion through `this` +1 (once)
  walk(visit) {
    if (!this.children) {
      return;
    }
    for (const child of this.children) {
      this.walk(child);
    }
    this.walk(visit);
  }

  // 0: another object's method of the same name is not recursion
  close() {
    this.stream.close();
  }
}
