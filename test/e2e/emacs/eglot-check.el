;;; eglot-check.el --- run by test/e2e/emacs.test.ts: emacs --batch -l eglot-check.el
;; Evaluates the eglot setup of docs/other-editors.md (the file NETPOL_SNIPPET), opens NETPOL_FILE in
;; yaml-mode as a person would, and writes what flymake shows to NETPOL_OUT as JSON. The server command
;; of the snippet, netpol-lens-server, is found on PATH.
(require 'package)
(package-initialize)
(require 'json)
(require 'flymake)
(require 'yaml-mode)
(require 'eglot)

(defun netpol-write (object)
  (with-temp-file (getenv "NETPOL_OUT") (insert (json-encode object))))

(condition-case err
    (progn
      (load (getenv "NETPOL_SNIPPET") nil t t)
      (find-file (getenv "NETPOL_FILE"))
      ;; eglot-ensure connects after the next command, which batch mode never runs.
      (run-hooks 'post-command-hook)
      (let ((deadline (+ (float-time) (string-to-number (getenv "NETPOL_TIMEOUT_S"))))
            (wanted (getenv "NETPOL_WAIT_FOR"))
            diagnostics)
        ;; Flymake gets the server's diagnostics for the whole file at once; wait for the wanted one.
        (while (and (< (float-time) deadline)
                    (not (cl-some (lambda (d) (string-match-p (regexp-quote wanted) (flymake-diagnostic-text d)))
                                  (setq diagnostics (flymake-diagnostics)))))
          (accept-process-output nil 0.05))
        (netpol-write
         `((managed . ,(if (eglot-current-server) t :json-false))
           (diagnostics . ,(vconcat
                            (mapcar (lambda (d)
                                      `((line . ,(1- (line-number-at-pos (flymake-diagnostic-beg d))))
                                        (type . ,(symbol-name (flymake-diagnostic-type d)))
                                        (text . ,(flymake-diagnostic-text d))))
                                    diagnostics)))))
        (kill-emacs 0)))
  (error (netpol-write `((error . ,(error-message-string err)))) (kill-emacs 1)))
