// Command deployer copies a release to the shop hosts over SSH and
// restarts the service.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"os/exec"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

func client(host, user string, signer ssh.Signer, strict bool) (*ssh.Client, error) {
	cfg := &ssh.ClientConfig{
		User: user,
		Auth: []ssh.AuthMethod{ssh.PublicKeys(signer)},
		// techlead-expect: go-ssh-insecure-host-key
		HostKeyCallback: ssh.InsecureIgnoreHostKey(),
	}
	if strict {
		cb, err := knownhosts.New(os.ExpandEnv("$HOME/.ssh/known_hosts"))
		if err != nil {
			return nil, err
		}
		// techlead-safe
		cfg.HostKeyCallback = cb
	}
	return ssh.Dial("tcp", net.JoinHostPort(host, "22"), cfg)
}

func main() {
	host := flag.String("host", "", "target host")
	release := flag.String("release", "", "release tarball")
	hook := flag.String("hook", "", "post-deploy hook")
	flag.Parse()

	// techlead-safe
	if out, err := exec.Command("tar", "-tzf", *release).CombinedOutput(); err != nil {
		log.Fatalf("bad release: %v\n%s", err, out)
	}
	if *hook != "" {
		// techlead-expect: go-exec-shell-injection
		if err := exec.Command("sh", "-c", "cd /srv/shopd && "+*hook).Run(); err != nil {
			log.Fatal(err)
		}
	}
	key, err := os.ReadFile(os.ExpandEnv("$HOME/.ssh/id_ed25519"))
	if err != nil {
		log.Fatal(err)
	}
	signer, err := ssh.ParsePrivateKey(key)
	if err != nil {
		log.Fatal(err)
	}
	c, err := client(*host, "deploy", signer, os.Getenv("DEPLOY_STRICT") != "")
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	// techlead-safe
	fmt.Fprintf(os.Stdout, "deployed %s to %s\n", *release, *host)
}
