package main

import (
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"
)

func report(rs []result, panels []panel) {
	if len(rs) == 0 {
		return
	}
	fmt.Println("objects read by the Store path's cold load (distinct ids per list; the floor pages each list, and each parent's sub-list, on its own):")
	fmt.Printf("  %-24s %9s %8s %12s %14s\n", "resource", "objects", "parents", "floor pages", "cold requests")
	for _, rd := range rs[0].reads {
		parents := ""
		if rd.parents > 0 {
			parents = fmt.Sprint(rd.parents)
		}
		fmt.Printf("  %-24s %9d %8s %12d %14d\n", rd.resource, rd.objects, parents, rd.floor, rs[0].coldReqs[rd.resource])
	}
	fmt.Println()

	header := func(first string) {
		fmt.Printf("| %-46s |", first)
		for _, r := range rs {
			fmt.Printf(" %-28s |", fmt.Sprintf("%g req/s", r.rate))
		}
		fmt.Println()
		fmt.Print("|" + strings.Repeat("-", 48) + "|")
		for range rs {
			fmt.Print(strings.Repeat("-", 30) + "|")
		}
		fmt.Println()
	}
	row := func(name string, f func(r result) string) {
		fmt.Printf("| %-46s |", name)
		for _, r := range rs {
			fmt.Printf(" %-28s |", f(r))
		}
		fmt.Println()
	}
	naive := func(f func(r result) string) func(r result) string {
		return func(r result) string {
			if r.naive == nil {
				return "not run"
			}
			return f(r)
		}
	}
	header("")
	row("requests, cold (floor Σ ceil(n/100))", func(r result) string {
		return fmt.Sprintf("%d (%d) = %.3f×", total(r.coldReqs), r.floorReqs, float64(total(r.coldReqs))/float64(r.floorReqs))
	})
	row("cold load (floor requests / rate)", func(r result) string {
		floor := time.Duration(float64(r.floorReqs) / r.rate * float64(time.Second))
		return fmt.Sprintf("%s (%s) = %.2f×", r.cold.total.Round(100*time.Millisecond), floor.Round(100*time.Millisecond), r.cold.total.Seconds()/floor.Seconds())
	})
	row("cold requests by path", func(r result) string { return fmtCounts(r.coldReqs) })
	row("429 answers, cold", func(r result) string { return fmtCounts(r.cold429) })
	row("naive baseline: requests (its floor), load", naive(func(r result) string {
		return fmt.Sprintf("%d (%d), %s", total(r.naiveReqs), r.naiveFloor, r.naive.total.Round(100*time.Millisecond))
	}))
	row("naive requests by path", naive(func(r result) string { return fmtCounts(r.naiveReqs) }))
	row("429 answers, naive", naive(func(r result) string { return fmtCounts(r.naive429) }))
	row("cold speed-up vs naive", naive(func(r result) string {
		return fmt.Sprintf("%.2f× (requests %.2f×)", r.naive.total.Seconds()/r.cold.total.Seconds(), float64(total(r.naiveReqs))/float64(total(r.coldReqs)))
	}))
	row("CPU used: cold, naive (simulator included)", func(r result) string {
		n := "not run"
		if r.naive != nil {
			n = r.naiveCPU.Round(100 * time.Millisecond).String()
		}
		return fmt.Sprintf("%s, %s", r.coldCPU.Round(100*time.Millisecond), n)
	})
	for k := range warmRuns {
		row(fmt.Sprintf("warm reload %d: requests by path", k+1), func(r result) string { return fmtCounts(r.warm[k].reqs) })
	}
	row("warm reloads: dashboard time (1, 2, 3)", func(r result) string {
		var ts []string
		for _, w := range r.warm {
			ts = append(ts, w.total.Round(time.Millisecond).String())
		}
		return strings.Join(ts, ", ")
	})
	row("warm reloads: CPU (1, 2, 3)", func(r result) string {
		var ts []string
		for _, w := range r.warm {
			ts = append(ts, w.cpu.Round(time.Millisecond).String())
		}
		return strings.Join(ts, ", ")
	})
	row("cache: records, estimated bytes/record", func(r result) string {
		return fmt.Sprintf("%d, %.0f B", r.cacheRecs, float64(r.cacheBytes)/float64(r.cacheRecs))
	})
	row("peak heap during cold load*", func(r result) string { return fmt.Sprintf("%d MiB", r.peakHeap>>20) })
	row("heap retained after cold load (GC'd)**", func(r result) string {
		return fmt.Sprintf("%d MiB = %.0f B/cached rec", r.retainedHeap>>20, float64(r.retainedHeap)/float64(r.cacheRecs))
	})
	row("aggregation from cache (balance, records/s)", func(r result) string { return fmt.Sprintf("%.1fM", r.aggRate/1e6) })

	fmt.Println("\nper panel (time until its QueryData call returned; warm: min of the 3 reloads, then each):")
	header("panel")
	for i, p := range panels {
		row(p.title+": cold", func(r result) string { return r.cold.panels[i].Round(100 * time.Millisecond).String() })
		row(p.title+": naive", naive(func(r result) string { return r.naive.panels[i].Round(100 * time.Millisecond).String() }))
		row(p.title+": warm", func(r result) string {
			var ts []time.Duration
			var s []string
			for _, w := range r.warm {
				ts = append(ts, w.panels[i])
				s = append(s, w.panels[i].Round(time.Millisecond).String())
			}
			return fmt.Sprintf("%s (%s)", slices.Min(ts).Round(time.Millisecond), strings.Join(s, " "))
		})
	}

	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Println("\n* HeapAlloc above the heap before the load, garbage included; it includes the harness's sets of object ids.")
	fmt.Println("** the Store's cache and the data source's shared billing reads (subscriptions, invoices), per Store record.")
	fmt.Printf("memory obtained from the OS by the process (simulator included): %d MiB; GOMAXPROCS %d\n", ms.Sys>>20, runtime.GOMAXPROCS(0))
}

func total(by map[string]int) int {
	n := 0
	for _, v := range by {
		n += v
	}
	return n
}

func fmtCounts(by map[string]int) string {
	keys := make([]string, 0, len(by))
	for k := range by {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	short := strings.NewReplacer("balance_transactions", "bt", "subscriptions", "subs", "invoiceitems", "ii", "invoices", "inv",
		"charges", "ch", "disputes", "dp", "events", "ev", "coupons", "cp", "prices", "pr")
	parts := []string{}
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %d", short.Replace(k), by[k]))
	}
	return fmt.Sprintf("%d: %s", total(by), strings.Join(parts, ", "))
}
