//! Disjoint sets over `0..n` (union-find with path halving): the rulings of one
//! table, the grid positions of one merged cell, the indicators that mean the
//! same thing.

pub(crate) struct UnionFind(Vec<usize>);

impl UnionFind {
    /// `n` singleton sets.
    pub(crate) fn new(n: usize) -> UnionFind {
        UnionFind((0..n).collect())
    }

    /// The root of `x`'s set.
    pub(crate) fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }

    /// Joins the sets of `a` and `b`; the smaller root stays the root.
    pub(crate) fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.0[hi] = lo;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_chains_and_keeps_the_smallest_root() {
        let mut uf = UnionFind::new(6);
        uf.union(4, 2);
        uf.union(2, 5);
        uf.union(0, 1);
        assert_eq!((uf.find(4), uf.find(5), uf.find(2)), (2, 2, 2));
        assert_eq!((uf.find(0), uf.find(1)), (0, 0));
        assert_eq!(uf.find(3), 3);
        uf.union(5, 1);
        assert!((0..6).filter(|&i| i != 3).all(|i| uf.find(i) == 0));
    }
}
